"""The only place with files, processes and clocks: plan (manifest), lock, executors, schedule,
OCR cache, publish, run."""
