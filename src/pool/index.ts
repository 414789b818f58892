/** The seed's buffer pool, ported to TypeScript. Pure: no DOM, no worker globals. */
export {
  BufferPool,
  OVERSIZED,
  PooledBuffer,
  SIZE_CLASSES,
  sizeClassOf,
  type BufferPoolStats,
  type PoolState,
} from "./bufferPool.ts";
