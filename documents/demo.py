from plans.sections.extensions import PlanExtension


class DocumentsExtension(PlanExtension):
    name = "documents"

    def demo(self, plan, *, size, user, rng):
        """The small demo plan comes with its first version exported (rendered on commit)."""
        if size != "small":
            return  # the large and xl plans are for benchmarks, which time their own rendering
        from .services import document_request

        document_request(plan=plan, user=user)
