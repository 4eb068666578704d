// The first import of main.ts: bounds V8's young generation before the modules after it
// allocate (young-generation.ts says why and how). A module of its own so that it runs
// before them whatever the module system: imports are evaluated in order.
import { boundYoungGeneration } from './young-generation';

boundYoungGeneration();
