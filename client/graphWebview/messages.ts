// Messages between the graph view's webview (graphWebview/main.ts) and the extension (graphView.ts).

import type { Range } from '../../engine/api';
import type { GraphResult } from '../../server/graphProtocol';

export type ToView =
  | { type: 'graph'; result: GraphResult; cursor?: { line: number; cell?: number } }
  | { type: 'cursor'; line: number; cell?: number };

export type FromView =
  | { type: 'ready' }
  | { type: 'reveal'; range: Range; cell?: number }
  | { type: 'unit'; unit: string };
