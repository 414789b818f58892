/** The seed's buffer pool, ported to TypeScript. Pure: no DOM, no worker globals. */
export { BufferPool, PooledBuffer, type BufferPoolStats, type PoolState } from "./bufferPool.ts";
export { SpareStores } from "./spareStores.ts";
export {
  LARGEST_CLASS,
  OVERSIZED,
  SIZE_CLASSES,
  SMALLEST_CLASS,
  classFor,
  pooledClassFor,
  sizeClassOf,
} from "./sizeClasses.ts";
