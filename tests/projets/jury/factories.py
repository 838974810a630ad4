"""Fabriques du jury : un jury en période de notation, des jurés du groupe Jury,
des critères, des évaluations et leurs notes ; `jury_avec_notes()` bâtit en lot
une édition notée (dossiers en jury × jurés), pour le jury, le classement et le
procès-verbal (tests/projets/deliberation, le banc)."""

from dataclasses import dataclass, field
from datetime import timedelta

import factory
from django.utils import timezone

from brest_numerique.comptes.roles import Role
from projets.jury.models import Evaluation, Jury, Note
from projets.models import CritereNotation, Dossier
from tests.factories import UserFactory
from tests.projets.factories import DossierFactory, EditionFactory


def jure_factory(**champs):
    """Un compte vérifié du groupe Jury."""
    return UserFactory(role=Role.JURY, **champs)


class CritereFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CritereNotation

    edition = factory.SubFactory(EditionFactory, criteres=False)
    libelle = factory.Sequence(lambda n: f"Critère {n}")
    description = "Ce que le jury regarde pour ce critère."
    poids = 1
    ordre = factory.Sequence(lambda n: n)


class JuryFactory(factory.django.DjangoModelFactory):
    """La notation a commencé hier et finit dans dix jours."""

    class Meta:
        model = Jury
        skip_postgeneration_save = True

    edition = factory.SubFactory(EditionFactory)
    notation_debut = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    notation_fin = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))

    @factory.post_generation
    def jures(self, create, extracted, **kwargs):
        if create and extracted:
            self.jures.set(extracted)


def dossier_en_jury(edition, *, rang: int, statut=Dossier.Statut.EN_JURY, **champs) -> Dossier:
    """Un dossier déposé, numéroté, dans l'état voulu, sans passer par les
    transitions (pour bâtir vite beaucoup de dossiers)."""
    return DossierFactory(
        edition=edition,
        statut=statut,
        rang=rang,
        numero=f"AAP-{edition.annee}-{rang:04d}",
        depose_le=timezone.now(),
        **champs,
    )


class DossierEnJuryFactory(DossierFactory):
    """Un dossier déposé et numéroté, en jury (sans passer par les transitions)."""

    statut = Dossier.Statut.EN_JURY
    # Unique dans tous les tests : ne se heurte pas au rang d'un autre dossier de l'édition.
    rang = factory.Sequence(lambda n: 5000 + n)
    numero = factory.LazyAttribute(lambda d: f"AAP-{d.edition.annee}-{d.rang:04d}")
    depose_le = factory.LazyFunction(timezone.now)


class EvaluationFactory(factory.django.DjangoModelFactory):
    """Une évaluation « à noter » d'un dossier en jury, par un juré de son jury."""

    class Meta:
        model = Evaluation
        skip_postgeneration_save = True

    dossier = factory.SubFactory(DossierEnJuryFactory)
    jure = factory.LazyFunction(jure_factory)

    @factory.post_generation
    def au_jury(self, create, extracted, **kwargs):
        # Le juré est du jury de l'édition (créé au besoin), sauf au_jury=False.
        if create and extracted is not False:
            jury = Jury.objects.filter(edition_id=self.dossier.edition_id).first()
            if jury is None:
                jury = JuryFactory(edition=self.dossier.edition)
            jury.jures.add(self.jure)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    evaluation = factory.SubFactory(EvaluationFactory)
    critere = factory.LazyAttribute(lambda n: n.evaluation.dossier.edition.criteres.first())
    valeur = 3
    commentaire = ""


@dataclass
class JuryNote:
    """Ce que bâtit jury_avec_notes() : `evaluations[(i_dossier, i_jure)]`."""

    edition: object
    jury: Jury
    jures: list
    dossiers: list
    criteres: list
    evaluations: dict = field(default_factory=dict)


def jury_avec_notes(
    *,
    edition=None,
    jures: int | list = 3,
    dossiers: int | list = 2,
    criteres: list[tuple[str, int]] | None = None,
    notes: dict | None = None,
    defaut: list[int] | dict | str | None = "soumise",
    avis: str = Evaluation.Avis.FAVORABLE,
    statut_dossier=Dossier.Statut.EN_JURY,
) -> JuryNote:
    """Une édition, son jury et ses évaluations, en quelques requêtes.

    - `criteres` : [(libellé, poids)] remplace les deux critères de EditionFactory
      (poids 3 et 2), si l'édition est créée ici.
    - `jures`, `dossiers` : un nombre (créés ici) ou des objets existants.
    - `notes[(i_dossier, i_jure)]` : une liste de valeurs dans l'ordre des critères
      (évaluation soumise, avis `avis`) ; "conflit" ; None (pas d'évaluation) ;
      "a_noter" (confiée, rien de noté) ; ou un dict {"valeurs": [...], "avis": ...,
      "statut": "a_noter"|"soumise"} (notes enregistrées mais pas soumises, etc.).
    - `defaut` : la même chose pour les couples absents de `notes` ; "soumise"
      (par défaut) donne 3 à chaque critère.
    """
    if edition is None:
        edition = EditionFactory(criteres=criteres is None)
        if criteres is not None:
            CritereNotation.objects.bulk_create(
                CritereNotation(edition=edition, libelle=libelle, poids=poids, ordre=i)
                for i, (libelle, poids) in enumerate(criteres)
            )
    liste_criteres = list(edition.criteres.order_by("ordre", "pk"))
    if isinstance(jures, int):
        jures = [jure_factory() for _ in range(jures)]
    if isinstance(dossiers, int):
        depart = (edition.dossiers.order_by("-rang").values_list("rang", flat=True).first()) or 0
        dossiers = [
            dossier_en_jury(edition, rang=depart + i + 1, statut=statut_dossier)
            for i in range(dossiers)
        ]
    jury = Jury.objects.filter(edition=edition).first() or JuryFactory(edition=edition)
    jury.jures.add(*jures)

    notes = notes or {}
    maintenant = timezone.now()
    a_creer = []
    valeurs_de = {}
    for i, dossier in enumerate(dossiers):
        for j, jure in enumerate(jures):
            spec = notes.get((i, j), defaut)
            if spec is None:
                continue
            if spec == "soumise":
                spec = [3] * len(liste_criteres)
            if isinstance(spec, list):
                spec = {"valeurs": spec, "statut": Evaluation.Statut.SOUMISE}
            if spec == "conflit":
                evaluation = Evaluation(
                    dossier=dossier,
                    jure=jure,
                    statut=Evaluation.Statut.CONFLIT,
                    conflit_motif="Membre du bureau de la structure.",
                )
            elif spec == "a_noter":
                evaluation = Evaluation(dossier=dossier, jure=jure)
            else:
                statut = spec.get("statut", Evaluation.Statut.SOUMISE)
                evaluation = Evaluation(
                    dossier=dossier,
                    jure=jure,
                    statut=statut,
                    avis=spec.get("avis", avis),
                    soumise_le=maintenant if statut == Evaluation.Statut.SOUMISE else None,
                )
                valeurs_de[(i, j)] = spec.get("valeurs", [])
            a_creer.append(((i, j), evaluation))
    Evaluation.objects.bulk_create([evaluation for _, evaluation in a_creer])
    resultat = JuryNote(edition, jury, list(jures), list(dossiers), liste_criteres)
    a_noter = []
    for cle, evaluation in a_creer:
        resultat.evaluations[cle] = evaluation
        for critere, valeur in zip(liste_criteres, valeurs_de.get(cle, []), strict=False):
            if valeur is not None:
                a_noter.append(Note(evaluation=evaluation, critere=critere, valeur=valeur))
    Note.objects.bulk_create(a_noter)
    return resultat
