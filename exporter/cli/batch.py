"""Batches: many drawings exported in one run, in parallel, incrementally, with progress and a summary.

:func:`run_batch` is the ``render`` and ``doc`` verbs: inputs are expanded by
:mod:`exporter.cli.discover`, drawings that are up to date are skipped
(:mod:`exporter.cli.manifest`), the rest run in-process or in ``-j N`` worker
processes. A failed drawing never stops the batch; the exit status is 1 when
any failed. Results are reported in input order, so ``-j`` does not change
what is printed or written.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

from exporter.cli.discover import Job
from exporter.cpus import usable_cpus
from exporter.gcpause import no_cycle_collection

#: Workers of a batch run without ``-j``: its cores, up to this many.
DEFAULT_MAX_WORKERS = 8

#: How each job ended.
DONE, SKIPPED, FAILED = "done", "skipped", "failed"


def add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("batches")
    group.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help=f"export N drawings in parallel (worker processes; 0: one per CPU; "
                            f"default: one per CPU, at most {DEFAULT_MAX_WORKERS})")
    group.add_argument("--force", action="store_true",
                       help="export drawings found in folders even when their outputs are up to date")
    group.add_argument("--incremental", action="store_true",
                       help="skip up-to-date outputs for files named on the command line too")
    group.add_argument("--watch", action="store_true", help="keep running and re-export drawings when they change")
    group.add_argument("--watch-timeout", type=float, default=None, help=argparse.SUPPRESS)


@dataclass
class Outcome:
    """What one job did; built in the worker, printed by the parent."""

    job: Job
    status: str = DONE
    written: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    deps: dict[str, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def _collecting_reporter(outcome: Outcome, debug: bool):
    from exporter.cli.main import Reporter

    class Collecting(Reporter):
        def error(self, name: str, message: str) -> None:
            self.failed.append(name)
            outcome.status, outcome.error = FAILED, message

        def warning(self, name: str, message: str) -> None:
            outcome.warnings.append(message)

        def wrote(self, path: Path) -> None:
            outcome.written.append(str(path))

    return Collecting(quiet=True, debug=debug)


def run_guarded(job: Job, debug: bool, action: Callable[[Outcome, Any], None]) -> Outcome:
    """Run ``action(outcome, reporter)``, turning every failure into ``outcome.error`` (one line)."""
    outcome = Outcome(job)
    reporter = _collecting_reporter(outcome, debug)
    reporter.run(job.source, lambda: action(outcome, reporter))
    return outcome


def scene_dependencies(scene: Any) -> dict[str, int]:
    """The vault files a loaded drawing embeds (a changed image re-exports the drawing)."""
    from exporter.cli.manifest import dependency_times

    paths = [e.path for e in (getattr(scene, "embedded", None) or {}).values() if e.path]
    return dependency_times(paths)


def export_job(job: Job, args: argparse.Namespace, verb: str, formats: list[str] | None) -> Outcome:
    """Export one drawing for ``render``/``doc`` (runs in a worker process with -j)."""
    from exporter.cli import main as cli

    job_args = argparse.Namespace(**{**vars(args), "out": Path(args.out) / job.rel_dir})

    def action(outcome: Outcome, reporter: Any) -> None:
        if verb == "render":
            scene = cli._render_one(job.source, job_args, formats or ["svg"], {}, reporter)
        else:
            scene = cli._doc_one(job.source, job_args, {}, reporter)
        outcome.deps = scene_dependencies(scene)
        # Warnings added while rendering (dropped links, sanitised fields) come after the loader's.
        outcome.warnings.extend(w for w in scene.warnings if w not in outcome.warnings)

    # Loading and writing an SVG build no reference cycles: without a pause the collector walks
    # the whole drawing (alive until the job ends) after loading and again later. PNG/PDF
    # (cairosvg's node trees) and documents keep it.
    svg_only = verb == "render" and (formats or ["svg"]) == ["svg"] and not getattr(args, "each_frame", False)
    with no_cycle_collection() if svg_only else nullcontext():
        return run_guarded(job, args.debug, action)


def _warm_up() -> None:
    """Worker start: load the renderer and font tables once per process, not once per drawing."""
    try:
        import exporter.load  # noqa: F401
        import exporter.render.svg  # noqa: F401
        from exporter.fonts import registry  # noqa: F401
    except Exception:  # a worker that cannot warm up still reports per drawing
        pass


class Display:
    """Progress and messages: a rich bar on a terminal, plain lines otherwise."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.quiet = quiet
        self.total = total
        self.bar = None
        self.console = None
        self.task = None
        if total > 1 and not quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.console = Console(stderr=True)
            self.bar = Progress(TextColumn("exporting"), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), TextColumn("{task.description}"),
                                console=self.console, transient=True)
            self.task = self.bar.add_task("", total=total)
        # With a bar on the terminal the written files are not listed there (they would scroll it away).
        self.list_written = not quiet and not (self.bar is not None and sys.stdout.isatty())

    def start(self) -> None:
        if self.bar is not None:
            self.bar.start()

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()

    def _err(self, line: str) -> None:
        if self.console is not None:
            self.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=sys.stderr, flush=True)

    def show(self, outcome: Outcome) -> None:
        name = outcome.job.source
        for message in outcome.warnings:
            self._err(f"warning: {name}: {message}")
        if outcome.error is not None:
            self._err(f"error: {name}: {outcome.error}")
        if self.list_written:
            for path in outcome.written:
                print(path, flush=True)
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=Path(name).name[:40])


def worker_count(requested: int | None, jobs: int) -> int:
    """Worker processes for ``jobs`` drawings: ``requested`` (0: one per CPU; None: one per
    CPU, at most DEFAULT_MAX_WORKERS, as each worker holds a drawing in memory)."""
    if requested is None:
        count = min(usable_cpus(), DEFAULT_MAX_WORKERS)
    else:
        count = requested if requested > 0 else usable_cpus()
    return max(1, min(count, jobs))


def run_jobs(jobs: Sequence[Job], work: Callable[[Job], Outcome], workers: int,
             on_outcome: Callable[[Outcome], None], on_start: Callable[[], None] = lambda: None) -> list[Outcome]:
    """Run ``work`` on every job (in ``workers`` processes when > 1); outcomes in job order.

    ``on_start`` runs once the workers exist (a progress bar's thread must not be forked into them).
    """
    outcomes: list[Outcome] = []
    if workers <= 1 or len(jobs) <= 1:
        on_start()
        for job in jobs:
            outcome = work(job)
            on_outcome(outcome)
            outcomes.append(outcome)
        return outcomes
    started = False
    remaining = list(jobs)
    while remaining:
        done, broken_at = _run_pool(remaining, work, workers, on_outcome, None if started else on_start)
        started = True
        outcomes += done
        if broken_at is None:
            break
        # A worker died (a crash, out of memory). Its drawing is among the unfinished ones: run the
        # first of them alone, so only the drawing that kills a process fails, then go on.
        suspect = remaining[broken_at]
        done, _ = _run_pool([suspect], work, 1, lambda o: None, None)
        outcome = done[0] if done else Outcome(suspect, FAILED,
                                               error="the worker process died (out of memory or a crash)")
        on_outcome(outcome)
        outcomes.append(outcome)
        remaining = remaining[broken_at + 1:]
    return outcomes


def _run_pool(jobs: list[Job], work: Callable[[Job], Outcome], workers: int,
              on_outcome: Callable[[Outcome], None],
              on_start: Callable[[], None] | None) -> tuple[list[Outcome], int | None]:
    """Outcomes of ``jobs`` run in one process pool, and the index where the pool broke (None: it did not)."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    outcomes: list[Outcome] = []
    # Each worker imports the renderer itself (the initializer), in parallel: importing it here
    # before the fork would save memory but keep every core but one idle while it runs.
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm_up) as pool:
        # Biggest files first, so no worker is left with a large drawing at the end while the
        # others idle; outcomes are still taken (and reported) in the jobs' order.
        by_job = {index: pool.submit(work, jobs[index])
                  for index in sorted(range(len(jobs)), key=lambda i: -_input_size(jobs[i]))}
        futures = [by_job[index] for index in range(len(jobs))]
        if on_start is not None:
            on_start()
        try:
            for index, (job, future) in enumerate(zip(jobs, futures, strict=True)):
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    return outcomes, index
                except Exception as exc:  # a result that cannot be sent back
                    outcome = Outcome(job, FAILED, error=f"internal error: {type(exc).__name__}: {exc}")
                on_outcome(outcome)
                outcomes.append(outcome)
        except KeyboardInterrupt:
            for future in futures:
                future.cancel()
            raise
    return outcomes, None


def _input_size(job: Job) -> int:
    try:
        return os.stat(job.source).st_size
    except (OSError, ValueError):  # stdin, a vanished file: the worker reports it
        return 0


def claim_outputs(jobs: list[Job]) -> tuple[list[Job], list[Outcome]]:
    """Refuse a job whose outputs an earlier job of the batch writes (case-insensitively)."""
    claimed: dict[str, str] = {}
    keep: list[Job] = []
    refused: list[Outcome] = []
    for job in jobs:
        key = job.key.lower()
        if key in claimed and job.source != "-":
            refused.append(Outcome(job, FAILED, error=f"output name {job.stem!r} already used by "
                                                      f"{claimed[key]}; rename one of them"))
            continue
        claimed.setdefault(key, job.source)
        keep.append(job)
    return keep, refused


def summary_lines(outcomes: list[Outcome], inputs_failed: list[str], total: int) -> list[str]:
    done = sum(o.status == DONE for o in outcomes)
    skipped = sum(o.status == SKIPPED for o in outcomes)
    failed = [o for o in outcomes if o.status == FAILED]
    lines = [f"summary: {done} exported, {skipped} up to date, {len(failed) + len(inputs_failed)} failed"]
    names = [o.job.source for o in failed] + inputs_failed
    if names:
        lines.append(f"error: {len(names)} of {total} inputs failed: {', '.join(names)}")
    return lines


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    failed: int


def export_batch(args: argparse.Namespace, jobs: list[Job], problems: list[tuple[str, str]],
                 work: Callable[[Job], Outcome], fingerprint_of: Callable[[Job], str],
                 force: bool = False) -> BatchResult:
    """Export ``jobs`` with ``work`` (skipping up-to-date ones), print progress and the summary.

    Jobs found in folders (and all jobs with ``--incremental``) are recorded in the
    output folder's manifest; ``fingerprint_of(job)`` hashes the options that shape its outputs.
    """
    from exporter.cli.manifest import Manifest

    jobs, refused = claim_outputs(jobs)
    incremental = bool(getattr(args, "incremental", False))
    incremental_jobs = [j for j in jobs if j.found or incremental]
    manifest = Manifest(Path(args.out)) if incremental_jobs else None
    force = force or args.force
    pending: list[Job] = []
    skipped: list[Outcome] = []
    for job in jobs:
        if (manifest is not None and not force and (job.found or incremental)
                and manifest.is_fresh(job.key, job.source, fingerprint_of(job))):
            skipped.append(Outcome(job, SKIPPED))
        else:
            pending.append(job)
    display = Display(len(pending), args.quiet)
    for name, message in problems:
        display._err(f"error: {name}: {message}")
    try:
        outcomes = run_jobs(pending, work, worker_count(getattr(args, "jobs", None), len(pending)), display.show,
                            display.start)
    finally:
        display.stop()
        if manifest is not None:
            manifest.save()  # what finished before an interruption stays recorded
    for outcome in refused:
        display.show(outcome)
    if manifest is not None:
        for outcome in outcomes:
            job = outcome.job
            if not (job.found or incremental):
                continue
            if outcome.status == DONE and outcome.written:
                manifest.record(job.key, job.source, fingerprint_of(job), [Path(p) for p in outcome.written],
                                outcome.deps)
            else:
                manifest.forget(job.key)
        manifest.save()
    all_outcomes = outcomes + refused + skipped
    total = len(jobs) + len(refused) + len(problems)
    failed = sum(o.status == FAILED for o in all_outcomes) + len(problems)
    if total > 1 or skipped:
        for line in summary_lines(all_outcomes, [n for n, _ in problems], total):
            if display.console is not None or line.startswith("error:") or not args.quiet:
                print(line, file=sys.stderr, flush=True)
    return BatchResult(all_outcomes, failed)


def run_batch(args: argparse.Namespace, formats: list[str] | None) -> int:
    """The ``render``/``doc`` verbs over files, folders and globs; exit status."""
    from exporter.cli.discover import collect_jobs
    from exporter.cli.manifest import options_fingerprint

    verb = args.verb
    jobs, problems = collect_jobs(args.inputs, Path(args.out))
    # Only a manifest needs it (and the exporter version costs an importlib.metadata import).
    fingerprint = cache(partial(options_fingerprint, args, formats=formats, verb=verb))
    work = partial(export_job, args=args, verb=verb, formats=formats)
    try:
        result = export_batch(args, jobs, problems, work, lambda job: fingerprint())
        if getattr(args, "watch", False):
            from exporter.cli.watch import watch_inputs

            watch_inputs(args, verb, formats, timeout=args.watch_timeout)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    return 1 if result.failed else 0
