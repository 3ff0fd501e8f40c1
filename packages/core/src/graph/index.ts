/** The backward graph and the memory of reverse mode, as plain serialisable data. */
export { backwardGraph, type BackwardGraph, type BackwardGraphOptions, type GraphNode, type GraphEdge, type GraphTotals, type SavedTensor, type NodeKind, type GradSummary } from './backward_graph';
export { memoryReport, type MemoryReport, type MemoryRow } from './memory';
