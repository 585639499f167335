"""What the server that ``batch --jobs`` forks its workers from loads first (pool.py), so that
each worker starts with it already in memory instead of loading it on its first text: the core,
pint (without numpy, as the command line loads it) and our unit registry. Measured: the first
outcomes came back ~180 ms after the pool started, with one of the two cores idle meanwhile.
Never imported by anything else: importing it builds the registry."""

from ldnclass import units

units.LOAD_PINT_WITHOUT_NUMPY = True  # this process is ours alone, as the command line's is
units.registry()

import ldnclass.batch  # noqa: E402, F401  (after the flag: batch imports nothing of pint at import)
