"""What an import run writes down about each post, read back through the ORM."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from posts.models import ImportOutcome, ImportRun

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.django_db
def test_outcome_records_keep_duplicates_and_warnings():
    call_command("import_seeds", str(SEEDS), stdout=StringIO(), stderr=StringIO())

    run = ImportRun.objects.get()
    duplicated = run.outcomes.get(post__title="No good options?")
    untitled = run.outcomes.get(post__needs_review=True)
    assert duplicated.duplicates == ["seeds/003_fba27c2907f99be3.txt:3"]
    assert duplicated.warnings == []
    assert untitled.warnings == [
        "seeds/002_d292aa6e705d237e.txt:4: post has no title; "
        "made one from its first words"
    ]
    assert run.outcomes.filter(result=ImportOutcome.Result.CREATED).count() == 29
