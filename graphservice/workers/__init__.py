"""Several worker processes on one port (``graphservice serve --workers N``): they cannot
crash-loop, and they restart without dropping requests.

uvicorn's own supervisor (``uvicorn.supervisors.Multiprocess``) spawns the workers, pings them and
turns signals into actions. :class:`Supervisor` subclasses it because, as uvicorn does it, every
worker loads the data files itself and a dead worker is restarted at once, for ever: with invalid
data on disk, a replacement worker died at start-up twice a second while /readyz, answered by the
survivors, said ready. Here:

- the supervisor validates the files and publishes a snapshot of their bytes (runtime.py); workers
  load that snapshot only, so none can fail on data the supervisor has not validated;
- SIGHUP, and with ``--reload-data`` a change of the files, validates first (a file is taken once
  it has settled); only valid data moves the snapshot, and then the workers are replaced one at a
  time, each new one serving before the old one retires; a refused reload changes nothing;
- an old worker finishes its requests in flight and sends its clients away without dropping a
  connection (draining.py);
- a dead worker is replaced at once, but after quick deaths in a row only after a back-off that
  doubles up to 30 s, and /readyz names the failing slot;
- every worker's counters and histograms are summed on /metrics (prometheus_client's
  multiprocess mode in the runtime folder).

Modules: supervisor.py (the supervisor and ``serve_workers``), worker.py (what runs in each worker),
runtime.py (the snapshot and the status files), draining.py (the graceful retirement).
"""
