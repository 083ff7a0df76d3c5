"""How history extends every plan: a link from each row to its history."""

from django.urls import reverse

from plans.history import history_model
from plans.sections.extensions import PlanExtension

from .entries import model_label


class HistoryExtension(PlanExtension):
    name = "history"

    def collection_context(self, request, access, collection, items):
        model = collection.model
        if history_model(model) is None:
            return {"history_prefix": ""}
        # Each row's history is ``<prefix><pk>/``: one reverse per list, not per row.
        prefix = reverse(
            "history:item_history_list",
            kwargs={"plan": access.plan.uuid, "label": model_label(model)},
        )
        return {"history_prefix": prefix}
