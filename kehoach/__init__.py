"""kehoach's Python API: read a plan document, or load an output, and work on it in pandas.

    import kehoach
    result = kehoach.read("kh-cchc-2024.pdf")        # the same pipeline as `kehoach extract`, one file
    rows = result.to_pandas()                         # one row per plan row
    result = kehoach.load("output/kh-cchc-2024.json") # an output written before

``read`` and ``load`` give a :class:`Result`: the dataclasses of
:mod:`normalize.model` (the JSON schema kehoach/1) plus DataFrame views. pandas
is an optional extra (``pip install 'kehoach[pandas]'``); only the ``*_pandas``
methods need it.
"""
from __future__ import annotations

from normalize.model import kehoach_version

from .api import Result, load, read

__version__ = kehoach_version()
__all__ = ["Result", "load", "read", "__version__"]
