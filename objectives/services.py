"""Writes of the objectives section.

Goals and the scope have no rules beyond their models' validation, so they are written by the
toolkit's generic services (``plans.sections.items``, ``plans.sections.singleton``).
"""
