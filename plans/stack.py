"""Every request on a frame stack chunk of its own, so that deep template rendering stays cheap.

CPython (3.11 and later) keeps Python frames on a per-thread stack made of 16 KiB chunks. A call
that does not fit in the current chunk gets a new one, mapped with ``mmap``; the chunk is
unmapped as soon as the frame at its base returns. A section page draws hundreds of rows, each
going some sixty frames down (include, row template, tag, filter, translation, URL) and back up.
When a chunk boundary falls within that range, every row maps and unmaps a chunk, and touches
its fresh pages again, several times over: thousands of system calls and page faults per page.

Where the boundary falls depends only on how deep the stack already is when the view runs (the
WSGI server, the test client, the middleware, the view's decorators), not on the page. The same
page then costs 25 ms or 55 ms of CPU, and any change that adds or removes a frame on the way to
the templates moves the cost from one page to another (``bench/bench_stack.py`` prints a page's
CPU time and page faults at many starting depths).

``StackChunkMiddleware`` calls the rest of the request from a frame too large for a 16 KiB
chunk: Python maps a 64 KiB chunk for it, the smallest that holds it, and every frame the request
makes lives in the free part of that chunk (some 4,000 slots, a few hundred frames) for as long
as the request runs. One chunk mapped per request, at any starting depth.
"""

# The calling frame's slots: more than a 16 KiB chunk's 2,048, so that it always starts a chunk
# of its own; Python sizes that chunk to the next power of two, 64 KiB (8,192 slots).
RESERVED_SLOTS = 4200


def _make_caller(slots):
    # A frame's size is the number of its local variables (plus its value stack): these locals
    # exist only to make the frame large. The branch that names them never runs.
    names = " = ".join(f"_{i}" for i in range(slots))
    source = (
        "def call_on_own_chunk(function, *args, **kwargs):\n"
        "    if function is None:\n"
        f"        {names} = None\n"
        "    return function(*args, **kwargs)\n"
    )
    namespace = {}
    exec(compile(source, __file__, "exec"), namespace)  # noqa: S102 (source built above)
    caller = namespace["call_on_own_chunk"]
    caller.__doc__ = "``function(*args, **kwargs)``, called from a frame stack chunk of its own."
    return caller


call_on_own_chunk = _make_caller(RESERVED_SLOTS)


class StackChunkMiddleware:
    """The request's frames on one frame stack chunk (see the module's docstring). First in
    ``MIDDLEWARE``, so that the other middleware's frames live on that chunk too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return call_on_own_chunk(self.get_response, request)
