/**
 * The CSML syntax tree. Every node has a `kind` and a `span` (UTF-16 offsets into the flow
 * source, see source.ts). Operator chains and `else if` chains are flat lists so that the tree
 * is never deeper than the source's bracket nesting, which the parser bounds.
 */
import type { Span } from './source.js';

export interface Name {
  readonly name: string;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export interface IntLiteral {
  readonly kind: 'Int';
  readonly value: bigint;
  readonly span: Span;
}

export interface FloatLiteral {
  readonly kind: 'Float';
  readonly value: number;
  readonly span: Span;
}

export interface BoolLiteral {
  readonly kind: 'Bool';
  readonly value: boolean;
  readonly span: Span;
}

export interface NullLiteral {
  readonly kind: 'Null';
  readonly span: Span;
}

/** A string without interpolation, escapes already applied. */
export interface StringLiteral {
  readonly kind: 'String';
  readonly value: string;
  readonly span: Span;
}

export interface TemplateText {
  readonly kind: 'Text';
  readonly value: string;
  readonly span: Span;
}

export interface TemplateInterpolation {
  readonly kind: 'Interpolation';
  /** null for `{{}}`, which yields "". */
  readonly expr: Expr | null;
  readonly span: Span;
}

export type TemplatePart = TemplateText | TemplateInterpolation;

/** A string with at least one `{{ }}`. */
export interface TemplateLiteral {
  readonly kind: 'Template';
  readonly parts: readonly TemplatePart[];
  readonly span: Span;
}

export interface ArrayLiteral {
  readonly kind: 'Array';
  readonly elements: readonly Expr[];
  readonly span: Span;
}

export interface ObjectEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: Expr;
}

export interface ObjectLiteral {
  readonly kind: 'Object';
  readonly entries: readonly ObjectEntry[];
  readonly span: Span;
}

export interface Identifier {
  readonly kind: 'Ident';
  readonly name: string;
  readonly span: Span;
}

export interface PositionalArg {
  readonly kind: 'Positional';
  readonly value: Expr;
  readonly span: Span;
}

export interface NamedArg {
  readonly kind: 'Named';
  readonly name: string;
  readonly nameSpan: Span;
  readonly value: Expr;
  readonly span: Span;
}

export type Arg = PositionalArg | NamedArg;

/** `Name(args)`: a built-in, a component, a flow function, an import or a closure. */
export interface Call {
  readonly kind: 'Call';
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly Arg[];
  readonly span: Span;
}

export interface KeySegment {
  readonly kind: 'Key';
  readonly name: string;
  readonly span: Span;
}

export interface IndexSegment {
  readonly kind: 'Index';
  readonly index: Expr;
  readonly span: Span;
}

export interface MethodSegment {
  readonly kind: 'Method';
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly Arg[];
  readonly span: Span;
}

export type PathSegment = KeySegment | IndexSegment | MethodSegment;

/** `base.key[index].method(args)…`, one flat list of segments. */
export interface PathExpr {
  readonly kind: 'Path';
  readonly base: Expr;
  readonly segments: readonly PathSegment[];
  readonly span: Span;
}

/** `expr as name`: stores the value in a step local and yields it. */
export interface AsExpr {
  readonly kind: 'As';
  readonly value: Expr;
  readonly name: Name;
  readonly span: Span;
}

export interface Closure {
  readonly kind: 'Closure';
  readonly params: readonly Name[];
  readonly body: Block;
  readonly span: Span;
}

/** One or more `!` in front of an additive expression (`!a + b` is `!(a + b)`). */
export interface NotExpr {
  readonly kind: 'Not';
  readonly count: number;
  readonly operand: Expr;
  readonly span: Span;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'match' | '!match';
export type LogicalOp = '&&' | '||';

export interface OperatorToken<Op> {
  readonly op: Op;
  readonly span: Span;
}

/** `a + b - c` (one precedence level, evaluated left to right). */
export interface ArithmeticExpr {
  readonly kind: 'Arithmetic';
  readonly operands: readonly Expr[];
  /** operators[i] sits between operands[i] and operands[i + 1]. */
  readonly operators: readonly OperatorToken<ArithmeticOp>[];
  readonly span: Span;
}

/** A single comparison: comparisons do not chain. */
export interface ComparisonExpr {
  readonly kind: 'Comparison';
  readonly op: ComparisonOp;
  readonly opSpan: Span;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** `a && b && c` or `a || b || c`; both sides are always evaluated. */
export interface LogicalExpr {
  readonly kind: 'Logical';
  readonly op: LogicalOp;
  readonly operands: readonly Expr[];
  readonly span: Span;
}

export type Expr =
  | IntLiteral
  | FloatLiteral
  | BoolLiteral
  | NullLiteral
  | StringLiteral
  | TemplateLiteral
  | ArrayLiteral
  | ObjectLiteral
  | Identifier
  | Call
  | PathExpr
  | AsExpr
  | Closure
  | NotExpr
  | ArithmeticExpr
  | ComparisonExpr
  | LogicalExpr;

// ---------------------------------------------------------------------------------------------
// Statements

export interface Block {
  readonly kind: 'Block';
  readonly statements: readonly Statement[];
  /** false for a step body, a `fn f():` body, and a brace-less `if`/`else` branch. */
  readonly braces: boolean;
  readonly span: Span;
}

export interface SayStmt {
  readonly kind: 'Say';
  readonly value: Expr;
  readonly span: Span;
}

/** `do expr`: evaluate and discard. */
export interface DoStmt {
  readonly kind: 'Do';
  readonly value: Expr;
  readonly span: Span;
}

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=';

/** `do target = value`, `do target += value`…, and `do value as name` (op `=`). */
export interface AssignStmt {
  readonly kind: 'Assign';
  readonly target: Identifier | PathExpr;
  readonly op: AssignOp;
  readonly value: Expr;
  /** true when written `do value as name`. */
  readonly viaAs: boolean;
  readonly span: Span;
}

/** `remember key = value` or `remember value as key`. */
export interface RememberStmt {
  readonly kind: 'Remember';
  readonly name: Name;
  readonly value: Expr;
  readonly span: Span;
}

export interface ForgetStmt {
  readonly kind: 'Forget';
  /** '*' for `forget *`. */
  readonly names: readonly Name[] | '*';
  readonly span: Span;
}

/** A `goto` part: a literal name, or `$variable.path`. */
export type GotoValue =
  | { readonly kind: 'Name'; readonly name: string; readonly span: Span }
  | { readonly kind: 'Variable'; readonly expr: Identifier | PathExpr; readonly span: Span };

export type GotoTarget =
  /** `goto step x` */
  | { readonly kind: 'Step'; readonly step: GotoValue }
  /** `goto flow x` */
  | { readonly kind: 'Flow'; readonly flow: GotoValue }
  /** `goto x`, `goto x@y`, `goto @y`, `goto x@`, `goto @`, each with optional `in bot`. */
  | {
      readonly kind: 'StepAtFlow';
      readonly step: GotoValue | null;
      readonly at: boolean;
      readonly flow: GotoValue | null;
      readonly bot: GotoValue | null;
    };

export interface GotoStmt {
  readonly kind: 'Goto';
  readonly target: GotoTarget;
  readonly span: Span;
}

export interface PreviousStmt {
  readonly kind: 'Previous';
  readonly target: 'step' | 'flow';
  readonly span: Span;
}

export interface HoldStmt {
  readonly kind: 'Hold';
  readonly secure: boolean;
  readonly span: Span;
}

export interface IfBranch {
  readonly condition: Expr;
  readonly body: Block;
  readonly span: Span;
}

/** `if … else if … else …` as one flat chain. */
export interface IfStmt {
  readonly kind: 'If';
  readonly branches: readonly IfBranch[];
  readonly elseBody: Block | null;
  readonly span: Span;
}

export interface ForeachStmt {
  readonly kind: 'Foreach';
  readonly item: Name;
  readonly index: Name | null;
  readonly iterable: Expr;
  readonly body: Block;
  readonly span: Span;
}

export interface WhileStmt {
  readonly kind: 'While';
  readonly condition: Expr;
  readonly body: Block;
  readonly span: Span;
}

export interface BreakStmt {
  readonly kind: 'Break';
  readonly span: Span;
}

export interface ContinueStmt {
  readonly kind: 'Continue';
  readonly span: Span;
}

export interface DebugStmt {
  readonly kind: 'Debug';
  readonly value: Expr;
  readonly span: Span;
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

export interface LogStmt {
  readonly kind: 'Log';
  readonly level: LogLevel;
  readonly value: Expr;
  readonly span: Span;
}

export interface ReturnStmt {
  readonly kind: 'Return';
  readonly value: Expr;
  readonly span: Span;
}

/** Deprecated `use value as name`; `value` is always an `As` expression. */
export interface UseStmt {
  readonly kind: 'Use';
  readonly value: AsExpr;
  readonly span: Span;
}

export type Statement =
  | SayStmt
  | DoStmt
  | AssignStmt
  | RememberStmt
  | ForgetStmt
  | GotoStmt
  | PreviousStmt
  | HoldStmt
  | IfStmt
  | ForeachStmt
  | WhileStmt
  | BreakStmt
  | ContinueStmt
  | DebugStmt
  | LogStmt
  | ReturnStmt
  | UseStmt;

// ---------------------------------------------------------------------------------------------
// Declarations

export interface StepDecl {
  readonly kind: 'Step';
  readonly name: Name;
  readonly body: Block;
  readonly span: Span;
}

export interface FunctionDecl {
  readonly kind: 'Function';
  readonly name: Name;
  readonly params: readonly Name[];
  readonly body: Block;
  readonly span: Span;
}

export interface ConstDecl {
  readonly kind: 'Const';
  readonly name: Name;
  readonly value: Expr;
  readonly span: Span;
}

export interface ImportItem {
  /** The function's name in its home flow. */
  readonly name: Name;
  /** `import f as g`: g. */
  readonly alias: Name | null;
}

export type ImportSource =
  | { readonly kind: 'Flow'; readonly name: string; readonly span: Span }
  | { readonly kind: 'Module'; readonly name: string; readonly span: Span };

export interface ImportDecl {
  readonly kind: 'Import';
  readonly items: readonly ImportItem[];
  /** null for `import f`, which searches every flow. */
  readonly from: ImportSource | null;
  readonly span: Span;
}

export interface InsertDecl {
  readonly kind: 'Insert';
  readonly items: readonly ImportItem[];
  readonly from: Name;
  readonly span: Span;
}

export type Declaration = StepDecl | FunctionDecl | ConstDecl | ImportDecl | InsertDecl;

export interface FlowAst {
  readonly kind: 'Flow';
  /** Every declaration in source order, duplicates included. */
  readonly declarations: readonly Declaration[];
  readonly span: Span;
}
