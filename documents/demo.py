def demo(plan, *, size, user, rng):
    """The small demo plan comes with its first version exported (rendered on commit)."""
    if size != "small":
        return  # the large plan is for benchmarks, which time their own rendering
    from .services import document_request

    document_request(plan=plan, user=user)
