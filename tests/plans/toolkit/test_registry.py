from django.utils.translation import ngettext_lazy

from plans.sections import Completeness, Section, none_lacking
from plans.sections.snapshot import ItemType
from resources.models import BudgetLine, TeamMember


def test_completeness_of_counts_each_true_condition_as_done():
    result = Completeness.of((True, "a"), (1, "b"), (0, "c"), ([], "d"))
    assert (result.done, result.total, result.missing) == (2, 4, ("c", "d"))


def test_completeness_of_a_false_condition_without_a_message_is_missing_silently():
    result = Completeness.of((False, "the methods are missing"), (False, None))
    assert (result.done, result.total, result.missing) == (0, 2, ("the methods are missing",))
    assert not result.is_complete


def test_completeness_of_every_condition_met_is_complete():
    result = Completeness.of((True, "a"), ("text", "b"))
    assert result.is_complete and result.percent == 100


def section(**kwargs):
    base = {
        "key": "budget",
        "title": "Budget",
        "order": 1,
        "guidance": "",
        "snapshot": dict,
        "completeness": lambda plan: Completeness(0, 0),
    }
    return Section(**{**base, **kwargs})


def test_a_section_derives_its_page_models_and_document_from_its_items():
    items = (
        ItemType(key="lines", model=BudgetLine),
        ItemType(key="team", model=TeamMember),
        ItemType(key="more_lines", model=BudgetLine),
    )
    declared = section(items=items)
    assert declared.url_name == "budget:page"
    assert declared.models == (BudgetLine, TeamMember)
    assert declared.document_template == "resources/document.html"


def test_a_section_keeps_what_it_names():
    declared = section(
        items=(ItemType(key="lines", model=BudgetLine), ItemType(key="team", model=TeamMember)),
        url_name="resources:page",
        models=(BudgetLine,),
        document_template="resources/budget.html",
    )
    assert declared.url_name == "resources:page"
    assert declared.models == (BudgetLine,)
    assert declared.document_template == "resources/budget.html"


def test_a_section_without_items_has_no_models_and_no_document():
    declared = section()
    assert declared.models == () and declared.document_template == ""


NO_EVIDENCE = ngettext_lazy(
    "%(count)s need lacks evidence.", "%(count)s needs lack evidence.", "count"
)


def test_none_lacking_is_done_when_there_are_items_and_none_lacks_it():
    ok, _message = none_lacking(3, 0, NO_EVIDENCE, "Back each need.")
    assert ok
    assert Completeness.of(none_lacking(3, 0, NO_EVIDENCE)).is_complete


def test_none_lacking_counts_the_items_that_lack_it():
    assert none_lacking(3, 1, NO_EVIDENCE) == (False, "1 need lacks evidence.")
    assert none_lacking(3, 2, NO_EVIDENCE) == (False, "2 needs lack evidence.")


def test_none_lacking_without_items_says_what_to_do_or_nothing():
    assert Completeness.of(none_lacking(0, 0, NO_EVIDENCE, "Back each need.")).missing == (
        "Back each need.",
    )
    result = Completeness.of(none_lacking(0, 0, NO_EVIDENCE))
    assert (result.done, result.total, result.missing) == (0, 1, ())
