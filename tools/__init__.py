"""Developer tools outside the package: benchmarks, matcher evaluation, data-dictionary generation."""
