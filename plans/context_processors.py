from .sections import registry


def sections(request):
    """The registered sections, for the plan navigation (no database access)."""
    return {"registered_sections": registry.all()}
