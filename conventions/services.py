"""Writes of conventions: drafting one from an origin (an alliance, a mise en relation),
editing the draft, each party's validation by one of its admins, and the freezing of the
version that every party validated. Emails leave through the outbox."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from alliances.models import Alliance
from comptes.email import send_templated
from conventions import documents, modeles
from conventions.models import (
    Clause,
    Convention,
    PartieConvention,
    ValidationConvention,
    VersionConvention,
)
from conventions.origines import Origine
from conventions.permissions import my_party_ids
from organisations.models import Membre, Organisation
from organisations.permissions import is_admin, my_organisation_ids

# What a party may correct of its own identity and part in the draft.
PARTIE_FIELDS = ("nom", "forme", "identifiant", "siege", "representant", "qualite", "contribution")

DEJA_VALIDEE = "Toutes les parties ont validé cette convention : son texte est figé."
MODIFIEE_ENTRE_TEMPS = (
    "Un partenaire a modifié le projet pendant que vous le lisiez (version {version} "
    "maintenant). Vos modifications n'ont pas été enregistrées, elles sont ci-dessous : "
    "relisez la version actuelle depuis la page de la convention, ou enregistrez de nouveau "
    "pour remplacer son texte par le vôtre."
)


def _identity(organisation: Organisation, *, by) -> dict:
    """What the platform knows of a party's legal identity; the author is proposed as the
    representative of their own organisation."""
    if organisation.siren:
        identifiant = f"SIREN {organisation.siren}"
    elif organisation.rna:
        identifiant = f"RNA {organisation.rna}"
    else:
        identifiant = ""
    mine = by is not None and Membre.objects.filter(user=by, organisation=organisation).exists()
    return {
        "nom": organisation.nom,
        "forme": organisation.get_kind_display(),
        "identifiant": identifiant,
        "siege": str(organisation.siege),
        "representant": (by.get_full_name() or by.email) if mine else "",
    }


def _placeholders(origine: Origine, *, objet: str, date_debut, duree_mois) -> dict[str, str]:
    noms = [organisation.nom for organisation in origine.parties]
    contributions = [
        f"- {organisation.nom} : {origine.contributions.get(organisation.pk) or '[à préciser]'}"
        for organisation in origine.parties
    ]
    return {
        "objet": objet.strip() or "[objet à préciser]",
        "partie_1": noms[0],
        "partie_2": noms[1],
        "parties": ", ".join(noms),
        "contributions": "\n".join(contributions),
        "date_debut": date_debut.strftime("%d/%m/%Y") if date_debut else "[date]",
        "duree": f"{duree_mois} mois" if duree_mois else "[durée]",
    }


@transaction.atomic
def convention_create(
    *,
    by,
    origine: Origine,
    modele: str,
    titre: str,
    objet: str,
    date_debut=None,
    duree_mois: int | None = None,
) -> tuple[Convention, bool]:
    """A draft from a model, pre-filled with the parties' identities and the origin's object,
    by a member of one of its parties; False with the convention already made from it."""
    if not {o.pk for o in origine.parties} & my_organisation_ids(by):
        raise PermissionDenied
    return convention_draft(
        origine=origine,
        modele=modele,
        titre=titre,
        objet=objet,
        date_debut=date_debut,
        duree_mois=duree_mois,
        author=by,
    )


@transaction.atomic
def convention_draft(
    *,
    origine: Origine,
    modele: str,
    titre: str,
    objet: str,
    date_debut=None,
    duree_mois: int | None = None,
    author=None,
) -> tuple[Convention, bool]:
    """The draft itself, for a caller that checked who asks (convention_create, the demo). The
    convention already made from the same origin is returned instead of a second one, with
    False."""
    choisi = modeles.modele(modele)
    if choisi is None:
        raise ValidationError("Ce modèle de convention n'existe pas.", code="modele")
    existante = origine.lock_existing()
    if existante is not None:
        return existante, False
    convention = Convention.objects.create(
        modele=choisi.code,
        titre=titre,
        objet=objet,
        date_debut=date_debut,
        duree_mois=duree_mois,
        alliance=origine.alliance,
        created_by=author,
        is_demo=any(o.is_demo for o in origine.parties),
    )
    PartieConvention.objects.bulk_create(
        PartieConvention(
            convention=convention,
            organisation=organisation,
            ordre=ordre,
            contribution=origine.contributions.get(organisation.pk, ""),
            **_identity(organisation, by=author),
        )
        for ordre, organisation in enumerate(origine.parties)
    )
    valeurs = _placeholders(origine, objet=objet, date_debut=date_debut, duree_mois=duree_mois)
    Clause.objects.bulk_create(
        Clause(convention=convention, ordre=ordre, titre=t, texte=texte)
        for ordre, (t, texte) in enumerate(choisi.clauses_for(valeurs))
    )
    origine.drafted(convention)
    return convention, True


def _lock(convention: Convention) -> Convention:
    return Convention.objects.select_for_update().get(pk=convention.pk)


def _check_party_member(by, convention: Convention) -> None:
    if not my_party_ids(by, convention):
        raise PermissionDenied


@transaction.atomic
def convention_update(
    *,
    by,
    convention: Convention,
    version_lue: int,
    titre: str,
    objet: str,
    date_debut,
    duree_mois: int | None,
    parties: dict[int, dict],
    clauses: list[tuple[str, str]],
) -> Convention:
    """Save the draft as one party's member edited it (`parties`: their own organisations'
    identity and part, by organisation id). The version read must still be the
    current one (two partners editing at once never overwrite each other); a real change moves
    to the next version, which voids the validations given to the previous one."""
    convention = _lock(convention)
    _check_party_member(by, convention)
    if not convention.is_draft:
        raise ValidationError(DEJA_VALIDEE, code="figee")
    if convention.version != version_lue:
        raise ValidationError(
            MODIFIEE_ENTRE_TEMPS.format(version=convention.version), code="modifiee"
        )
    if not clauses:
        raise ValidationError("Une convention garde au moins une clause.", code="sans_clause")
    avant = documents.contenu(convention)
    convention.titre, convention.objet = titre, objet
    convention.date_debut, convention.duree_mois = date_debut, duree_mois
    rows = {p.organisation_id: p for p in convention.parties.actives()}
    # Each party corrects its own identity and part, never another's.
    if not set(parties) <= set(rows) & my_organisation_ids(by):
        raise ValidationError(
            "Vous ne modifiez que l'identité et la contribution de votre organisation.",
            code="autre_partie",
        )
    for organisation_id, champs in parties.items():
        for name in PARTIE_FIELDS:
            setattr(rows[organisation_id], name, champs[name])
    PartieConvention.objects.bulk_update([rows[pk] for pk in parties], PARTIE_FIELDS)
    convention.clauses.all().delete()
    Clause.objects.bulk_create(
        Clause(convention=convention, ordre=ordre, titre=t, texte=texte)
        for ordre, (t, texte) in enumerate(clauses)
    )
    if documents.contenu(convention) | {"version": 0} == avant | {"version": 0}:
        convention.save(update_fields=["titre", "objet", "date_debut", "duree_mois"])
        return convention
    convention.version += 1
    convention.save()
    _tell_void_validations(convention, by=by, ancienne=convention.version - 1)
    return convention


def _admin_emails(organisation_ids, *, sauf=None) -> list[str]:
    admins = Membre.objects.filter(
        organisation__in=organisation_ids, role=Membre.Role.ADMIN, user__is_active=True
    )
    if sauf is not None:
        admins = admins.exclude(user=sauf)
    return sorted(set(admins.values_list("user__email", flat=True)))


def _tell_void_validations(convention: Convention, *, by, ancienne: int) -> None:
    """The admins whose organisation had validated the previous version learn that their
    validation no longer holds."""
    validees = ValidationConvention.objects.filter(convention=convention, version=ancienne)
    organisations = list(validees.values_list("organisation_id", flat=True))
    send_templated(
        f"Convention « {convention.titre} » : le projet a changé, validez-le à nouveau",
        "conventions/emails/projet_modifie.txt",
        {"convention": convention, "ancienne": ancienne},
        _admin_emails(organisations, sauf=by),
    )


@transaction.atomic
def convention_validate(
    *, by, convention: Convention, organisation: Organisation, version_lue: int
) -> Convention:
    """One of an organisation's admins validates, in its name, the version they read. When
    every party has validated that version, it is frozen and every party is told."""
    convention = _lock(convention)
    if not convention.parties.actives().filter(organisation=organisation).exists():
        raise PermissionDenied
    if not is_admin(by, organisation):
        raise PermissionDenied("Seul un administrateur de l'organisation valide la convention.")
    if not convention.is_draft:
        raise ValidationError(DEJA_VALIDEE, code="figee")
    if convention.version != version_lue:
        raise ValidationError(
            f"Le projet a changé depuis votre lecture : c'est maintenant la version "
            f"{convention.version}. Relisez-la avant de la valider.",
            code="modifiee",
        )
    ValidationConvention.objects.get_or_create(
        convention=convention,
        organisation=organisation,
        version=convention.version,
        defaults={"validee_par": by, "signataire": by.get_full_name() or by.email},
    )
    if convention_complete(convention):
        return convention
    send_templated(
        f"Convention « {convention.titre} » : {organisation.nom} l'a validée, à votre tour",
        "conventions/emails/validation_partenaire.txt",
        {"convention": convention, "organisation": organisation},
        _admin_emails(_pending(convention)),
    )
    return convention


def _pending(convention: Convention) -> set[int]:
    """The parties still in that have not validated the current version yet."""
    parties = set(convention.parties.actives().values_list("organisation_id", flat=True))
    return parties - set(
        convention.validations.filter(version=convention.version).values_list(
            "organisation_id", flat=True
        )
    )


def convention_complete(convention: Convention) -> bool:
    """Freeze the draft when every party has validated its current version (the caller holds
    the convention's lock), and tell every party; False while one is missing."""
    if _pending(convention) or convention.parties.actives().count() < 2:
        return False
    texte = documents.contenu(convention)
    texte["validations"] = [
        {
            "organisation": v.organisation.nom,
            "signataire": v.signataire,
            "validee_le": v.validee_le.isoformat(),
        }
        for v in convention.validations.filter(version=convention.version).select_related(
            "organisation"
        )
    ]
    VersionConvention.objects.create(
        convention=convention, numero=convention.version, contenu=texte
    )
    convention.etat = Convention.Etat.VALIDEE
    convention.validee_le = timezone.now()
    convention.save(update_fields=["etat", "validee_le", "updated_at"])
    send_templated(
        f"Convention « {convention.titre} » validée par toutes les parties",
        "conventions/emails/convention_validee.txt",
        {"convention": convention},
        _admin_emails(convention.parties.actives().values_list("organisation_id", flat=True)),
    )
    return True


@transaction.atomic
def convention_attach_alliance(*, convention: Convention, alliance: Alliance) -> Convention:
    """The alliance born from the mise en relation the convention was drafted from has been
    declared: the convention belongs to it from now on (once; a later alliance changes
    nothing)."""
    Convention.objects.filter(pk=convention.pk, alliance__isnull=True).update(alliance=alliance)
    convention.refresh_from_db(fields=["alliance"])
    return convention
