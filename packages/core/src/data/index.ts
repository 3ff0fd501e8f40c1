/**
 * Seeded synthetic datasets (two moons, spirals, Gaussian blobs, 1-d regression), train/test
 * split and mini-batching. Everything is made in code; nothing is downloaded.
 */
export { twoMoons, spirals, blobs, regression1d, type Dataset, type DatasetOptions, type SpiralsOptions, type BlobsOptions, type Regression1dOptions } from './datasets';
export { trainTestSplit, batches, subset, takeRows, type SplitOptions, type BatchOptions } from './batching';
