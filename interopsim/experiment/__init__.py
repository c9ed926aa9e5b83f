"""Experiments: arms x sweep points x seeds on Dask, paired differences, sensitivity."""
