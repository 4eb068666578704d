// PromQL read with the Prometheus project's own grammar (@prometheus-io/lezer-promql):
// syntax errors, the series selectors an expression reads, and the unit its result has.
// Grafana's template variables are substituted first, as Grafana does before it sends a
// query. Pure: the dashboards and rules tests and the live suite share it.
import { parser } from '@prometheus-io/lezer-promql';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** What Grafana puts in for its built-in and the dashboards' variables. */
export interface GrafanaValues {
  readonly rateInterval: string;
  readonly interval: string;
  readonly range: string;
  readonly variables: Readonly<Record<string, string>>;
}

export const PARSE_VALUES: GrafanaValues = {
  rateInterval: '1m',
  interval: '15s',
  range: '1h',
  variables: { job: '.+', instance: '.+', target: '.+', datasource: 'prometheus' },
};

export function substitute(expr: string, values: GrafanaValues): string {
  return expr
    .replaceAll('$__rate_interval', values.rateInterval)
    .replaceAll('$__interval', values.interval)
    .replaceAll('$__range', values.range)
    .replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (whole, braced: string, bare: string) => {
      const value = values.variables[braced ?? bare];
      if (value === undefined) throw new Error(`unknown variable ${whole} in ${expr}`);
      return value;
    });
}

/** Positions of the grammar's error nodes; empty when the expression parses. */
export function syntaxErrors(expr: string): number[] {
  const errors: number[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(node.from);
    },
  });
  return errors;
}

export interface SelectorUse {
  readonly metric: string;
  readonly labels: readonly string[];
}

const text = (expr: string, node: SyntaxNode | null | undefined) =>
  node ? expr.slice(node.from, node.to) : '';

/** Every series selector: its metric name and the label names it matches on. */
export function selectors(expr: string): SelectorUse[] {
  const uses: SelectorUse[] = [];
  parser.parse(expr).iterate({
    enter: (ref) => {
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const labels: string[] = [];
      let metric = text(expr, node.getChild('Identifier'));
      for (const matcher of node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
        const name = text(expr, matcher.getChild('LabelName'));
        if (name === '__name__') metric = JSON.parse(text(expr, matcher.getChild('StringLiteral'))) as string;
        else labels.push(name);
      }
      uses.push({ metric, labels });
    },
  });
  return uses;
}

/** Label names in by (...), without (...), on (...), ignoring (...) and group_left (...). */
export function groupingLabels(expr: string): string[] {
  const labels: string[] = [];
  parser.parse(expr).iterate({
    enter: (ref) => {
      if (ref.name !== 'GroupingLabels') return;
      for (const l of ref.node.getChildren('LabelName')) labels.push(text(expr, l));
    },
  });
  return labels;
}

export type Unit =
  | 'seconds'
  | 'ratio'
  | 'ppm'
  | 'hertz'
  | 'count'
  | 'per_second'
  | 'seconds_per_second'
  | 'timestamp'
  | 'literal'
  | 'mixed';

/** The unit a series name carries: its suffix, or a recording rule's operation. */
export function unitOfName(name: string): Unit {
  const parts = name.split(':');
  if (parts.length === 3) {
    const [, base = '', op = ''] = parts;
    if (op.startsWith('ratio')) return 'ratio';
    if (op.startsWith('rate')) return 'per_second';
    if (op.startsWith('increase')) return 'count';
    return unitOfName(base);
  }
  if (name.endsWith('_timestamp_seconds')) return 'timestamp';
  if (/_(bucket|count)$/.test(name)) return 'count';
  const base = name.replace(/_sum$/, '');
  if (base.endsWith('_seconds')) return 'seconds';
  if (base.endsWith('_ratio')) return 'ratio';
  if (base.endsWith('_hertz')) return 'hertz';
  return 'count';
}

/** A heatmap's y axis: the unit of the histogram whose buckets the expression reads. */
export function bucketUnit(expr: string): Unit {
  const bucket = selectors(expr).find((s) => s.metric.endsWith('_bucket'));
  return bucket ? unitOfName(bucket.metric.replace(/_bucket$/, '')) : 'mixed';
}

const SAME_AS_ARGUMENT = new Set(
  ['abs', 'ceil', 'floor', 'round', 'clamp', 'clamp_min', 'clamp_max', 'sort', 'sort_desc', 'scalar'].concat(
    ['label_replace', 'label_join', 'increase', 'delta', 'idelta', 'last_over_time', 'sum_over_time'],
    ['avg_over_time', 'min_over_time', 'max_over_time', 'quantile_over_time'],
  ),
);
const COUNTS = new Set(['count_over_time', 'changes', 'resets', 'absent', 'absent_over_time', 'count']);
const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);

/** The unit of an expression's result, from its series names through its operations. */
export function inferUnit(expr: string): Unit {
  const top = parser.parse(expr).topNode.firstChild;
  return top ? unitOf(expr, top) : 'mixed';
}

function unitOf(expr: string, node: SyntaxNode): Unit {
  switch (node.name) {
    case 'ParenExpr':
    case 'UnaryExpr':
    case 'OffsetExpr':
    case 'SubqueryExpr':
    case 'StepInvariantExpr':
    case 'MatrixSelector':
      return node.lastChild && node.name === 'UnaryExpr'
        ? unitOf(expr, node.lastChild)
        : unitOf(expr, firstExpr(node) ?? node);
    case 'VectorSelector':
      return unitOfName(selectors(text(expr, node))[0]?.metric ?? '');
    case 'NumberDurationLiteral':
    case 'StringLiteral':
      return 'literal';
    case 'FunctionCall':
      return functionUnit(expr, node);
    case 'AggregateExpr': {
      const op = text(expr, node.getChild('AggregateOp'));
      const args = exprChildren(node.getChild('FunctionCallBody'));
      const last = args.at(-1);
      if (COUNTS.has(op) || op === 'group' || op === 'count_values') return 'count';
      return last ? unitOf(expr, last) : 'mixed';
    }
    case 'BinaryExpr':
      return binaryUnit(expr, node);
    default:
      return 'mixed';
  }
}

function functionUnit(expr: string, node: SyntaxNode): Unit {
  const name = text(expr, node.getChild('FunctionIdentifier'));
  const args = exprChildren(node.getChild('FunctionCallBody'));
  const arg = (i: number) => {
    const a = args[i];
    return a ? unitOf(expr, a) : 'mixed';
  };
  if (name === 'histogram_quantile') return bucketUnit(text(expr, args[1]));
  if (name === 'rate' || name === 'irate') {
    const of = arg(0);
    return of === 'count' ? 'per_second' : of === 'seconds' ? 'seconds_per_second' : 'mixed';
  }
  if (name === 'deriv') return arg(0) === 'seconds' ? 'ratio' : 'mixed';
  if (name === 'time' || name === 'timestamp') return 'timestamp';
  if (name === 'vector') return 'literal';
  if (COUNTS.has(name)) return 'count';
  if (name === 'quantile_over_time' || name === 'clamp' || name === 'clamp_min' || name === 'clamp_max') {
    return arg(name.startsWith('quantile') ? 1 : 0);
  }
  if (SAME_AS_ARGUMENT.has(name)) return arg(0);
  return 'mixed';
}

function binaryUnit(expr: string, node: SyntaxNode): Unit {
  const [lhsNode, rhsNode] = exprChildren(node);
  if (!lhsNode || !rhsNode) return 'mixed';
  const op = operator(expr, node, lhsNode, rhsNode);
  const lhs = unitOf(expr, lhsNode);
  const rhs = unitOf(expr, rhsNode);
  if (COMPARISONS.has(op)) {
    if (node.getChild('BoolModifier')) return 'count';
    return lhs === 'literal' ? rhs : lhs;
  }
  if (op === 'and' || op === 'unless') return lhs;
  if (op === 'or') return lhs === rhs || rhs === 'literal' ? lhs : lhs === 'literal' ? rhs : 'mixed';
  if (op === '+' || op === '-') {
    if (lhs === 'timestamp' && rhs === 'timestamp' && op === '-') return 'seconds';
    if (lhs === 'literal') return rhs;
    if (rhs === 'literal' || lhs === rhs) return lhs;
    return 'mixed';
  }
  if (op === '*') {
    const [literal, other] = lhs === 'literal' ? [lhsNode, rhs] : [rhsNode, lhs];
    if (other === 'ratio' && Number(text(expr, literal)) === 1e6) return 'ppm';
    if (lhs === 'literal' || rhs === 'literal') return other;
    return lhs === 'ratio' && rhs === 'ratio' ? 'ratio' : 'mixed';
  }
  if (op === '/') {
    if (rhs === 'literal') return lhs;
    // The mean of a histogram: sum over count, of rates or of increases.
    if (lhs === 'seconds_per_second' && rhs === 'per_second') return 'seconds';
    if (lhs === 'seconds' && rhs === 'count') return 'seconds';
    return lhs === rhs || (lhs === 'literal' && rhs === 'ratio') ? 'ratio' : 'mixed';
  }
  return 'mixed';
}

/** The operator token between the two operands (the grammar names it by kind). */
function operator(expr: string, node: SyntaxNode, lhs: SyntaxNode, rhs: SyntaxNode): string {
  const between = expr.slice(lhs.to, rhs.from);
  const modifier = node.getChild('MatchingModifierClause');
  const bare = modifier ? between.replace(text(expr, modifier), ' ') : between;
  return bare.replace(/\bbool\b/, '').trim();
}

const EXPRESSIONS = new Set([
  'ParenExpr',
  'UnaryExpr',
  'OffsetExpr',
  'SubqueryExpr',
  'StepInvariantExpr',
  'MatrixSelector',
  'VectorSelector',
  'NumberDurationLiteral',
  'StringLiteral',
  'FunctionCall',
  'AggregateExpr',
  'BinaryExpr',
]);

function exprChildren(node: SyntaxNode | null): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node?.firstChild ?? null; c; c = c.nextSibling) if (EXPRESSIONS.has(c.name)) out.push(c);
  return out;
}

function firstExpr(node: SyntaxNode): SyntaxNode | undefined {
  return exprChildren(node)[0];
}
