"""Room on the interpreter's frame stack for a whole request or task.

Since Python 3.11, the frames of Python calls live on a per-thread stack made of 16 kB chunks. A
chunk is ``mmap``-ed when a call does not fit in the current one and ``munmap``-ed as soon as
that call returns (python/cpython#142183; CPython 3.13 and 3.14 now keep one chunk cached, 3.11
and 3.12 do not). When a loop calls, again and again, across the depth where one chunk ends,
every call maps and unmaps 16 kB and faults its pages back in. Django's template rendering is
such a loop: the resources page of the large demo plan (200 budget lines, each drawn through
nested ``{% include %}`` and ``{% if %}`` nodes) made 3,100 ``mmap``/``munmap`` pairs and 3,700
page faults per request, and used half as much CPU again as without them; only the depth at
which its rows happened to be drawn decided it (``docs/performance.md``).

``with_headroom(call, *args)`` runs ``call`` in a frame that declares a stack of ``HEADROOM``
slots: the interpreter gives it a chunk of its own, twice that size, and every frame of the
call below it fits in the rest. The frame's stack is never used, so nothing is written to it;
the chunk is one ``mmap`` per request. ``HeadroomMiddleware`` (the outermost middleware) runs
each request so, ``plans.background.run_task`` each background task.
"""

HEADROOM = (
    33_000  # slots of 8 bytes: a 264 kB frame in a 512 kB chunk, ~250 kB (1,000+ frames) above it
)


def _call(call, *args, **kwargs):
    return call(*args, **kwargs)


# A larger declared stack than the code needs is safe (the frame is only bigger); the
# interpreter sizes the frame, and so the chunk, from co_stacksize.
_call.__code__ = _call.__code__.replace(co_stacksize=_call.__code__.co_stacksize + HEADROOM)


def with_headroom(call, *args, **kwargs):
    """``call(*args, **kwargs)``, with room for all its frames in one chunk."""
    return _call(call, *args, **kwargs)


class HeadroomMiddleware:
    """Runs the rest of the request (middleware, view, templates) with ``with_headroom``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return _call(self.get_response, request)
