"""Executes a notebook through its Jupyter kernel (tslab) with nbclient.

usage: /usr/bin/python3 scripts/execute_notebook.py NOTEBOOK [OUTPUT] [--timeout SECONDS]
                                                  [--kernel NAME] [--cwd DIR]

The kernel (default: the notebook's own kernelspec, tslab) runs in the notebook's folder or DIR,
so `require('@jacobi/core')` resolves from the repository's node_modules; the executed copy is
written to OUTPUT (default: in place). Exits 1, naming the cell, if any cell raises.
"""
import argparse
import asyncio
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


async def pause_after_error(**_) -> None:
    """tslab aborts every request that arrives within 200 ms of a failed cell (its stop-on-error):
    after a cell expected to fail (tag raises-exception), wait as a person would before the next."""
    await asyncio.sleep(0.5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('notebook')
    parser.add_argument('output', nargs='?')
    parser.add_argument('--timeout', type=int, default=600, help='seconds per cell')
    parser.add_argument('--kernel', help='kernel name (default: from the notebook)')
    parser.add_argument('--cwd', help="the kernel's working folder (default: the notebook's)")
    args = parser.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    kernel = args.kernel or nb.metadata.get('kernelspec', {}).get('name', 'tslab')
    folder = args.cwd or os.path.dirname(os.path.abspath(args.notebook))
    client = NotebookClient(nb, timeout=args.timeout, kernel_name=kernel,
                            resources={'metadata': {'path': folder}},
                            on_cell_error=pause_after_error)
    try:
        client.execute()
    except CellExecutionError as e:
        print(f'{args.notebook}: a cell failed\n{e}', file=sys.stderr)
        return 1
    finally:
        nbformat.write(nb, args.output or args.notebook)
    return 0


if __name__ == '__main__':
    sys.exit(main())
