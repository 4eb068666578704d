// Entry point of a probe worker thread. Each request names a task module and its payload;
// the worker loads and prepares the task, says it has started, runs it synchronously (it
// may block this thread in the OS, which is the point of running it here) and answers
// with its result or the reason it failed.
//
// The worker is never terminated from outside: a thread terminated while inside koffi
// (loading it, or in a native call) aborts the whole process (koffi's napi_throw into a
// terminating environment is fatal). It ends itself on STOP, after its current task.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import {
  STOP,
  type ProbeWorkerData,
  type TaskContext,
  type TaskModule,
  type TaskReply,
  type TaskRequest,
  type TaskStarted,
} from './probe-protocol';

const load = createRequire(__filename);
const stopping = new Int32Array((workerData as ProbeWorkerData).stop);
const context: TaskContext = { stopping: () => Atomics.load(stopping, 0) !== 0 };

function answer(request: TaskRequest): TaskReply {
  try {
    const task = load(request.module) as TaskModule<unknown, unknown>;
    task.prepare?.(request.payload);
    parentPort?.postMessage({ id: request.id, started: true } satisfies TaskStarted);
    return { id: request.id, value: task.run(request.payload, context) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on('message', (request: TaskRequest | typeof STOP) => {
  if (request === STOP) parentPort?.close();
  else parentPort?.postMessage(answer(request));
});
