"""The closed lists of nominations: a name's status, and the kinds of letters a quota table sends."""

from enum import StrEnum

from app.core.i18n import N_


class NominationStatus(StrEnum):
    DRAFT = "draft"  # entered by the organisation, not yet sent
    SUBMITTED = "submitted"  # подан: sent to the protocol department
    ACCEPTED = "accepted"  # принят: a registry person with an invitation
    RETURNED = "returned"  # возвращён с комментарием: the organisation corrects or replaces it
    WITHDRAWN = "withdrawn"  # replaced by a substitute or taken back by the organisation


STATUS_LABELS = {
    NominationStatus.DRAFT: N_("не отправлен"),
    NominationStatus.SUBMITTED: N_("подан"),
    NominationStatus.ACCEPTED: N_("принят"),
    NominationStatus.RETURNED: N_("возвращён с комментарием"),
    NominationStatus.WITHDRAWN: N_("заменён или отозван"),
}

# The names that take a place of the quota: a returned or withdrawn one frees its place.
HOLDING = (NominationStatus.DRAFT, NominationStatus.SUBMITTED, NominationStatus.ACCEPTED)
# What the organisation may still replace or take back before the deadline (an accepted name is invited).
CHANGEABLE = (NominationStatus.DRAFT, NominationStatus.SUBMITTED, NominationStatus.RETURNED)


class QuotaLetterKind(StrEnum):
    QUOTA = "quota"  # the quota letter: the places, the categories, the deadline, the link
    REMINDER = "reminder"  # to an organisation that has not sent its list


TEMPLATE_GLOBALS = {"NOMINATION_STATUS_LABELS": STATUS_LABELS}
