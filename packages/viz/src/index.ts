/**
 * @jacobi/viz: the jacobi notebook payload format and pure functions that turn payloads into
 * static SVG/HTML pictures (Node and browser, no DOM needed).
 */
export * from './payload';
export * from './render';
