"""Every request and background task runs with room on the frame stack (planner/stack.py):
a loop that calls across the end of a 16 kB chunk no longer maps and unmaps it on each call."""

import resource
import sys
from types import SimpleNamespace

from django.conf import settings

from planner import stack
from plans.background import Outcome, run_task

# CPython before 3.13 frees a chunk as soon as its first frame returns (python/cpython#142183).
THRASHES = sys.implementation.name == "cpython" and sys.version_info < (3, 13)


def _descend(depth):
    return 0 if depth == 0 else _descend(depth - 1) + 1


def _page_faults_of(loop):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    loop()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def _descend_many_times(times=400, depth=500):
    # 500 frames of ~100 bytes: every descent crosses at least two chunk boundaries.
    for _ in range(times):
        _descend(depth)


def test_calls_across_chunk_boundaries_fault_no_pages_in_with_headroom():
    _descend_many_times(times=3)  # the code is warm in both runs
    without = _page_faults_of(_descend_many_times)
    within = _page_faults_of(lambda: stack.with_headroom(_descend_many_times))
    if THRASHES:
        # Without: a fresh chunk (at least one page fault) per descent.
        assert without >= 400
    # Within: the frames of every descent fit in the headroom chunk, mapped once.
    assert within < 40, (without, within)


def _caller_codes():
    frame, codes = sys._getframe(1), set()
    while frame is not None:
        codes.add(frame.f_code)
        frame = frame.f_back
    return codes


def test_every_request_runs_within_the_headroom_frame():
    assert settings.MIDDLEWARE[0] == "planner.stack.HeadroomMiddleware"
    seen = []

    def get_response(request):
        seen.append(stack._call.__code__ in _caller_codes())
        return "response"

    assert stack.HeadroomMiddleware(get_response)(object()) == "response"
    assert seen == [True]


def test_every_background_task_runs_within_the_headroom_frame():
    seen = []

    def work(pk, *, retries_left):
        seen.append((pk, retries_left, stack._call.__code__ in _caller_codes()))
        return Outcome("ready")

    task = SimpleNamespace(max_retries=3, request=SimpleNamespace(retries=1))
    assert run_task(task, work, 7) == "ready"
    assert seen == [(7, 2, True)]
