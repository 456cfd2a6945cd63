"""The text helpers' former home, kept so old import paths keep working.

The helpers live in `media.text` (the bottom room, importable by every room); migration
0002_seed_taxonomy and code written before the move import them from here.
"""

from media.text import (
    fold,
    fold_by_decomposition,
    latin_fold_table,
    normalise_key,
    vi_slugify,
)

__all__ = ["fold", "fold_by_decomposition", "latin_fold_table", "normalise_key", "vi_slugify"]
