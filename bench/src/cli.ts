/** The command line of `npm run bench`, parsed with node:util parseArgs. */
import { parseArgs } from 'node:util';
import { PEERS, type Peer } from './peers';

export interface Options {
  /** Fewer repetitions and sizes (matmul 256/512, Jacobians 256). */
  quick: boolean;
  /** Workload families or ids to run (all when undefined). */
  only?: string[];
  peers: Peer[];
  /** Where results.json goes. */
  out: string;
  /** Threads PyTorch may use (default 1, as the reference figures). */
  torchThreads: number;
  help: boolean;
}

export const USAGE = `npm run bench -- [options]
  --quick              fewer repetitions and sizes (a quick look, 2–3 minutes)
  --only <list>        workloads, comma-separated: matmul, mlp, jacobian, jacrev, jacfwd or ids like matmul-512
  --peers <list>       peers, comma-separated: ${PEERS.join(', ')} (default all; "none" for jacobi alone)
  --out <file>         where to write the raw results (default bench/results.json)
  --torch-threads <n>  threads PyTorch may use (default 1)
  --help               this text`;

const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);

/** Parses the arguments; throws an Error naming the offending option. */
export function parseOptions(args: readonly string[], defaultOut: string): Options {
  const { values } = parseArgs({
    args: [...args],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      peers: { type: 'string' },
      out: { type: 'string', default: defaultOut },
      'torch-threads': { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const peerNames = list(values.peers) ?? [...PEERS];
  const peers = peerNames.filter((p) => p !== 'none');
  const unknown = peers.filter((p) => !(PEERS as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`--peers: unknown peer(s) ${unknown.join(', ')}; choose from ${PEERS.join(', ')} or none`);
  const torchThreads = Number(values['torch-threads']);
  if (!Number.isInteger(torchThreads) || torchThreads < 1) throw new Error(`--torch-threads: expected a positive integer, got ${values['torch-threads']}`);
  return { quick: values.quick, only: list(values.only), peers: peers as Peer[], out: values.out, torchThreads, help: values.help };
}
