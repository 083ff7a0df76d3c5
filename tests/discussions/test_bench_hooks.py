"""The hooks the load benchmark uses to post comments and count what was stored."""

import pytest

from discussions import bench
from discussions.models import Comment
from plans.models import Role

pytestmark = pytest.mark.django_db


def post(client, targets):
    return client.post(targets["comment_url"], targets["comment_data"], HTTP_HX_REQUEST="true")


def test_each_comment_posted_to_the_benchmark_target_is_counted_by_its_marker(
    client_for, people, plan
):
    targets = bench.targets(plan)
    client = client_for(people[Role.PLANNER])
    assert targets["comment_marker"] in targets["comment_data"]["body"]
    for _ in range(3):
        assert post(client, targets).status_code == 200
    assert bench.stored_comments(targets["comment_marker"]) == 3
    assert Comment.objects.filter(plan=plan).count() == 3


def test_each_run_has_its_own_marker(plan):
    first, second = bench.targets(plan), bench.targets(plan)
    assert first["comment_marker"] != second["comment_marker"]
    assert bench.stored_comments(first["comment_marker"]) == 0
