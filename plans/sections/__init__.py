"""The section toolkit: the registry of a plan's phases and what every phase is built from.

- ``registry``: ``Section``, ``Completeness``, the registry every plan-wide feature loops over;
- ``extensions``: the one protocol other apps (approvals, documents...) extend plans through;
- ``items``: the generic write services of section items (create, update, delete, move);
- ``filters``: ``ListFilter`` (search and exact filters, parsed once, applied by the toolkit);
- ``collection``: ``InlineCollection``, an editable list (child lists through ``Parent``);
- ``singleton``: ``InlineSingleton``, the one object of its kind a plan has (its scope...);
- ``page``: ``section_page``, a section's page declared (htmx asks for one list: only it);
- ``forms``: ``PlanItemForm``, the base of every item form;
- ``snapshot``: ``ItemType``, what a snapshot holds of an item type, with labels.

See ``docs/phase-apps.md``.
"""

from .registry import Completeness, Section, SectionRegistry, none_lacking, register, registry

__all__ = ["Completeness", "Section", "SectionRegistry", "none_lacking", "register", "registry"]
