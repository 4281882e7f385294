"""Background job of follow-ups: it takes nothing, calls the service, and can run twice."""

from celery import shared_task

from suivis.services import suivis_plan_and_remind


@shared_task
def suivis_plan_and_remind_task() -> dict[str, int]:
    """Daily: plan the follow-ups that fell due, ask, remind, flag to the catalyseurs."""
    return suivis_plan_and_remind()
