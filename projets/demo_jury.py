"""Données d'exemple du jury et des lauréats (appelé par projets/demo.py) :

- l'édition passée la plus récente est entièrement décidée : un jury de 7 jurés,
  chaque dossier arrivé au jury noté par 3 à 5 d'entre eux sur les critères pondérés
  de l'édition (évaluations soumises), 4 conflits d'intérêts déclarés, les décisions
  (40 retenus dans l'enveloppe, 3 en liste d'attente, les autres non retenus et
  motivés), deux délibérations du conseil qui votent les retenus, les résultats
  publiés et une fiche publique par lauréat, avec son résumé ;
- l'édition ouverte a son jury composé et sa période de notation, rien de noté.

Comme projets/demo.py, tout s'écrit en masse, historique compris, sans passer par les
services : ils enverraient de vrais courriels aux adresses d'exemple. Idempotent :
une édition qui a déjà son jury n'est pas refaite."""

import random
from datetime import datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from brest_numerique.comptes.models import User
from brest_numerique.comptes.roles import Role
from projets.demo_jury_textes import (
    ATTENTE,
    AUTRES,
    COMMENTAIRES,
    CONFLITS,
    JURES,
    LAUREATS,
    MOTIVATION_ATTENTE,
    MOTIVATIONS,
    NON_RETENUS,
    NOTE_COMMENTEE,
)
from projets.models import Dossier, HistoriqueDossier

S = Dossier.Statut
# Les états et les titres des dossiers de l'édition décidée (projets/demo.py les crée) :
# 58 dossiers arrivent au jury ; l'ordre des titres est mêlé pour que les lauréats
# n'aient pas les premiers numéros.
ETATS = [S.PRET_POUR_JURY] * 58 + [S.IRRECEVABLE] * 4 + [S.SANS_SUITE] * 4
_AU_JURY = list(LAUREATS) + ATTENTE + NON_RETENUS
random.Random(58).shuffle(_AU_JURY)
TITRES = _AU_JURY + AUTRES


def _paris(jour, heure: time) -> datetime:
    return timezone.make_aware(datetime.combine(jour, heure))


def _jures() -> list[User]:
    """Les 7 jurés d'exemple : jury@exemple.fr et six autres, même mot de passe que les
    autres comptes de démonstration (le hachage de jury@exemple.fr, recopié : un
    hachage coûte une seconde)."""
    modele = User.objects.filter(email="jury@exemple.fr").first()
    mot_de_passe = modele.password if modele else make_password(None)
    emails = [f"{identifiant}.jury@exemple.fr" for identifiant, _p, _n in JURES]
    existants = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    User.objects.bulk_create(
        User(
            email=email,
            first_name=prenom,
            last_name=f"{nom} (compte d'exemple)",
            is_staff=True,
            password=mot_de_passe,
        )
        for email, (_i, prenom, nom) in zip(emails, JURES, strict=True)
        if email not in existants
    )
    User.objects.filter(email__in=emails).update(password=mot_de_passe)
    jures = list(User.objects.filter(email__in=["jury@exemple.fr", *emails]).order_by("pk"))
    verifiees = set(EmailAddress.objects.filter(user__in=jures).values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=j, email=j.email, verified=True, primary=True)
        for j in jures
        if j.pk not in verifiees
    )
    Group.objects.get(name=Role.JURY).user_set.add(*jures)
    return jures


def _groupe(titre: str, rang: int) -> str:
    """Ce que le jury a décidé de ce dossier, d'après son titre (données d'une ancienne
    démonstration aux titres génériques : d'après son rang)."""
    titre = titre.removesuffix(" (exemple)")
    if titre in LAUREATS:
        return "retenu"
    if titre in ATTENTE:
        return "liste_attente"
    if titre in NON_RETENUS:
        return "non_retenu"
    cycle = rang % 10
    return "retenu" if cycle < 7 else "liste_attente" if cycle == 7 else "non_retenu"


# Les notes de chaque groupe, par critère : les lauréats devant la liste d'attente,
# elle-même devant les non retenus, comme les a classés le jury.
VALEURS = {"retenu": (3, 4, 4, 5, 5), "liste_attente": (2, 3, 3, 4), "non_retenu": (1, 2, 2, 3)}


def _score(valeurs: list[int], poids: list[int]) -> float:
    return sum(v * p for v, p in zip(valeurs, poids, strict=True)) / sum(poids)


def _noter(dossiers, jures, criteres, groupes, hasard, debut, fin) -> tuple[list, list, dict]:
    """Les évaluations (non enregistrées) et leurs notes ; le score de chaque dossier."""
    from projets.jury.models import Evaluation

    poids = [c.poids for c in criteres]
    evaluations, notes, scores = [], [], {}
    bornes = {"retenu": (3.4, 6), "liste_attente": (2.9, 3.4), "non_retenu": (0, 2.9)}
    for dossier in dossiers:
        groupe = groupes[dossier.pk]
        bas, haut = bornes[groupe]
        # Tirées jusqu'à tomber dans la plage du groupe : le classement du jury
        # reproduit alors les décisions.
        while True:
            nombre = hasard.randint(3, 5)
            tirage = [[hasard.choice(VALEURS[groupe]) for _ in criteres] for _ in range(nombre)]
            moyenne = sum(_score(v, poids) for v in tirage) / nombre
            if bas <= moyenne < haut:
                break
        scores[dossier.pk] = moyenne
        for jure, valeurs in zip(hasard.sample(jures, nombre), tirage, strict=True):
            score = _score(valeurs, poids)
            avis = "favorable" if score >= 3.5 else "reserve" if score >= 2.5 else "defavorable"
            soumise_le = (
                _paris(debut, time(9))
                + (_paris(fin, time(18)) - _paris(debut, time(9))) * hasard.random()
            )
            evaluation = Evaluation(
                dossier=dossier,
                jure=jure,
                statut=Evaluation.Statut.SOUMISE,
                avis=avis,
                commentaire=hasard.choice(COMMENTAIRES[avis]),
                affectee_le=_paris(debut, time(9)),
                soumise_le=soumise_le,
            )
            evaluations.append(evaluation)
            notes.append(
                [
                    (
                        critere,
                        valeur,
                        NOTE_COMMENTEE if valeur == 5 and hasard.random() < 0.3 else "",
                    )
                    for critere, valeur in zip(criteres, valeurs, strict=True)
                ]
            )
    return evaluations, notes, scores


def _conflits(dossiers, jures, evaluations, hasard, debut) -> list:
    """Quatre conflits d'intérêts, chacun déclaré par un juré qui ne notait pas ce dossier."""
    from projets.jury.models import Evaluation

    notants = {}
    for e in evaluations:
        notants.setdefault(e.dossier_id, set()).add(e.jure_id)
    conflits = []
    for dossier, motif in zip(hasard.sample(dossiers, len(CONFLITS)), CONFLITS, strict=True):
        libre = [j for j in jures if j.pk not in notants[dossier.pk]]
        if not libre:
            continue
        conflits.append(
            Evaluation(
                dossier=dossier,
                jure=hasard.choice(libre),
                statut=Evaluation.Statut.CONFLIT,
                conflit_motif=motif,
                affectee_le=_paris(debut, time(9)),
            )
        )
    return conflits


def _montants(retenus, enveloppe: Decimal, hasard) -> dict[int, Decimal]:
    """Le montant accordé à chaque retenu : la demande, parfois réduite, le tout dans
    l'enveloppe de l'édition."""
    montants = {}
    for dossier in retenus:
        montant = dossier.montant_demande
        if hasard.random() < 0.2:
            montant = (montant * Decimal("0.8") / 100).quantize(Decimal("1"), ROUND_DOWN) * 100
        montants[dossier.pk] = max(montant, Decimal("100"))
    total = sum(montants.values(), Decimal("0"))
    if total > enveloppe:
        part = enveloppe / total
        for pk, montant in montants.items():
            montants[pk] = (montant * part / 50).quantize(Decimal("1"), ROUND_DOWN) * 50
    return montants


def decider_edition(edition, jures, instructeur, hasard) -> dict[str, int]:
    """Jury, notes, décisions, délibérations, résultats et lauréats de `edition`."""
    from projets.deliberation.models import Decision, DeliberationConseil
    from projets.jury.models import Evaluation, HistoriqueEvaluation, Jury, Note
    from projets.laureats.models import Laureat
    from projets.laureats.services import laureats_preparer

    debut = timezone.localdate(edition.cloture) + timedelta(days=3)
    fin = edition.deliberation_le - timedelta(days=2)
    jury = Jury.objects.create(edition=edition, notation_debut=debut, notation_fin=fin)
    jury.jures.set(jures)
    criteres = list(edition.criteres.order_by("ordre"))
    dossiers = list(
        edition.dossiers.filter(statut=S.PRET_POUR_JURY).select_related("edition").order_by("rang")
    )
    groupes = {d.pk: _groupe(d.titre, rang) for rang, d in enumerate(dossiers)}

    evaluations, notes, scores = _noter(dossiers, jures, criteres, groupes, hasard, debut, fin)
    conflits = _conflits(dossiers, jures, evaluations, hasard, debut)
    Evaluation.objects.bulk_create(evaluations + conflits)
    Note.objects.bulk_create(
        Note(evaluation=e, critere=critere, valeur=valeur, commentaire=commentaire)
        for e, lignes in zip(evaluations, notes, strict=True)
        for critere, valeur, commentaire in lignes
    )
    HistoriqueEvaluation.objects.bulk_create(
        [
            HistoriqueEvaluation(
                evaluation=e, de="a_noter", vers="soumise", par=e.jure, quand=e.soumise_le
            )
            for e in evaluations
        ]
        + [
            HistoriqueEvaluation(
                evaluation=e,
                de="a_noter",
                vers="conflit",
                par=e.jure,
                motif=e.conflit_motif,
                quand=_paris(debut, time(10)) + timedelta(days=1),
            )
            for e in conflits
        ]
    )

    # Décisions, dans l'ordre du classement.
    classes = sorted(dossiers, key=lambda d: -scores[d.pk])
    retenus = [d for d in classes if groupes[d.pk] == "retenu"]
    montants = _montants(retenus, edition.enveloppe, hasard)
    decidee_le = _paris(edition.deliberation_le + timedelta(days=2), time(14))
    conseils = [
        DeliberationConseil.objects.create(
            edition=edition,
            numero=f"DEL-{jour.year}-{numero:04d}",
            date_conseil=jour,
            enregistree_par=instructeur,
        )
        for jour, numero in (
            (edition.deliberation_le + timedelta(days=16), 142),
            (edition.deliberation_le + timedelta(days=37), 187),
        )
    ]
    publies_le = _paris(edition.resultats_le, time(10))
    moitie = (len(retenus) + 1) // 2
    conseil_de = {d.pk: conseils[0] if n < moitie else conseils[1] for n, d in enumerate(retenus)}
    decisions, etapes = [], []
    for rang, dossier in enumerate(classes):
        groupe = groupes[dossier.pk]
        conseil = conseil_de.get(dossier.pk)
        motivation = {
            "retenu": "",
            "liste_attente": MOTIVATION_ATTENTE,
            "non_retenu": MOTIVATIONS[rang % len(MOTIVATIONS)],
        }[groupe]
        decisions.append(
            Decision(
                dossier=dossier,
                sens=groupe,
                montant_accorde=montants.get(dossier.pk, Decimal("0")),
                forme_aide=dossier.forme_aide if conseil else "",
                motivation=motivation,
                decidee_par=instructeur,
                decidee_le=decidee_le,
                deliberation=conseil,
                notifiee_le=_paris(conseil.date_conseil, time(18)) if conseil else publies_le,
            )
        )
        etapes += [
            HistoriqueDossier(
                dossier=dossier,
                de=S.PRET_POUR_JURY,
                vers=S.EN_JURY,
                par=instructeur,
                quand=_paris(debut, time(9)),
            ),
            HistoriqueDossier(
                dossier=dossier,
                de=S.EN_JURY,
                vers=groupe,
                par=instructeur,
                motif=motivation,
                quand=decidee_le,
            ),
        ]
        if conseil:
            etapes.append(
                HistoriqueDossier(
                    dossier=dossier,
                    de=S.RETENU,
                    vers=S.VOTE,
                    par=instructeur,
                    motif=conseil.numero,
                    quand=_paris(conseil.date_conseil, time(18)),
                )
            )
        dossier.statut = S.VOTE if conseil else groupe
    Decision.objects.bulk_create(decisions)
    HistoriqueDossier.objects.bulk_create(etapes)
    Dossier.objects.bulk_update(dossiers, ["statut"])
    edition.resultats_publies_le = publies_le
    edition.save(update_fields=["resultats_publies_le"])

    fiches = laureats_preparer(retenus)
    for fiche in fiches:
        titre = fiche.dossier.titre.removesuffix(" (exemple)")
        if titre in LAUREATS:
            fiche.resume_public = f"{LAUREATS[titre]} (Projet d'exemple.)"
    Laureat.objects.bulk_update(fiches, ["resume_public"])
    return {
        "évaluations": len(evaluations),
        "conflits": len(conflits),
        "retenus": len(retenus),
        "lauréats": len(fiches),
    }


def composer_jury(edition, jures) -> None:
    """Le jury de l'édition ouverte : composé, période fixée, rien de confié ni de noté."""
    from projets.jury.models import Jury

    jury = Jury.objects.create(
        edition=edition,
        notation_debut=timezone.localdate(edition.cloture) + timedelta(days=3),
        notation_fin=edition.deliberation_le - timedelta(days=2),
    )
    jury.jures.set(jures)


def creer_donnees_demo(decidee, ouverte, hasard, sortie) -> None:
    from projets.jury.models import Jury

    # Les mots de passe suivent à chaque passage celui de jury@exemple.fr, que la
    # démonstration des comptes vient de refaire (aléatoire hors du mode embarqué).
    jures = _jures()
    faites = set(
        Jury.objects.filter(edition__in=[decidee, ouverte]).values_list("edition_id", flat=True)
    )
    instructeur = User.objects.filter(email="instructeur@exemple.fr").first()
    if decidee.pk not in faites:
        volumes = decider_edition(decidee, jures, instructeur, hasard)
        sortie.write(
            f"  édition {decidee.annee} décidée : jury de {len(jures)} jurés, "
            + ", ".join(f"{n} {sorte}" for sorte, n in volumes.items())
        )
    if ouverte.pk not in faites:
        composer_jury(ouverte, jures)
        sortie.write(f"  édition {ouverte.annee} : jury de {len(jures)} jurés composé")
