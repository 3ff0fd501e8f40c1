"""Execute a notebook through a real Jupyter kernel with nbclient and write the executed copy.

usage: run_notebook.py IN.ipynb OUT.ipynb KERNEL_NAME CWD
The kernel runs in CWD (so tslab resolves packages from the repository's node_modules).
Exits non-zero, after writing OUT, if a cell fails.
"""
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

source, target, kernel_name, cwd = sys.argv[1:5]
nb = nbformat.read(source, as_version=4)
client = NotebookClient(nb, kernel_name=kernel_name, timeout=600, resources={"metadata": {"path": cwd}})
status = 0
try:
    client.execute()
except CellExecutionError as error:
    print(error, file=sys.stderr)
    status = 1
nbformat.write(nb, target)
sys.exit(status)
