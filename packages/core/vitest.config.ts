import { packageConfig } from '../../vitest.shared';

// --expose-gc lets the memory tests measure the heap after a collection.
export default packageConfig({ execArgv: ['--expose-gc'] });
