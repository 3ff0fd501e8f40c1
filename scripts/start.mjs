/** `npm start`: until the notebook UI lands, bootstraps and runs the core demo. */
import { bootstrap, run } from './bootstrap.mjs';

bootstrap();
process.exit(run('node', ['scripts/demo.mjs']));
