"""Le cycle d'un dossier : chaque transition, son historique et ses courriels, et
chaque refus (état, clôture à la seconde, budget, plafonds)."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from brest_numerique.etats import TransitionInterdite
from brest_numerique.notifications.models import Notification
from projets.models import Dossier, LigneBudget
from tests.factories import UserFactory
from tests.projets.factories import DossierFactory, EditionFactory, candidat, dossier_depose

pytestmark = pytest.mark.django_db
Statut = Dossier.Statut


@pytest.fixture
def instructeur_de(instructeur):
    def assigner(dossier):
        dossier.edition.instructeurs.add(instructeur)
        return instructeur

    return assigner


def test_le_depot_numerote_ecrit_l_historique_et_previent_structure_et_instruction(
    instructeur_de,
):
    dossier = DossierFactory()
    instructeur = instructeur_de(dossier)
    membre = candidat(dossier.structure)

    dossier.deposer(par=membre)

    dossier.refresh_from_db()
    assert dossier.statut == Statut.DEPOSE
    assert dossier.numero == f"AAP-{dossier.edition.annee}-0001"
    etape = dossier.historique.get()
    assert (etape.de, etape.vers, etape.par) == (Statut.BROUILLON, Statut.DEPOSE, membre)
    envois = dict(Notification.objects.values_list("sorte", "destinataire"))
    assert envois == {"dossier_depose": membre.email, "dossier_recu": instructeur.email}
    assert dossier.numero in Notification.objects.get(sorte="dossier_depose").sujet


def test_les_numeros_se_suivent_par_edition():
    edition = EditionFactory()
    autre = EditionFactory()
    numeros = [dossier_depose(edition=edition).numero for _ in range(3)]
    numeros.append(dossier_depose(edition=autre).numero)

    annee = edition.annee
    assert numeros == [
        f"AAP-{annee}-0001",
        f"AAP-{annee}-0002",
        f"AAP-{annee}-0003",
        f"AAP-{autre.annee}-0001",
    ]


def test_le_depot_se_juge_a_la_seconde_heure_de_paris():
    edition = EditionFactory()
    derniere_seconde = edition.cloture
    assert timezone.localtime(derniere_seconde).strftime("%H:%M:%S") == "23:59:59"

    a_temps = DossierFactory(edition=edition)
    with time_machine.travel(derniere_seconde + timedelta(microseconds=900_000), tick=False):
        a_temps.deposer(par=candidat(a_temps.structure))
    en_retard = DossierFactory(edition=edition)
    with time_machine.travel(derniere_seconde + timedelta(seconds=1), tick=False):
        assert timezone.localtime().strftime("%H:%M:%S") == "00:00:00"
        assert not en_retard.modifiable()
        with pytest.raises(ValidationError, match="Le dépôt est clos"):
            en_retard.deposer(par=candidat(en_retard.structure))

    assert Dossier.objects.get(pk=a_temps.pk).statut == Statut.DEPOSE
    en_retard.refresh_from_db()
    assert (en_retard.statut, en_retard.numero) == (Statut.BROUILLON, None)


@pytest.mark.parametrize(
    ("champs", "message"),
    [
        ({"resume": ""}, "Le résumé et la description"),
        ({"montant_demande": Decimal("1400")}, "pas équilibré"),
        ({"montant_demande": Decimal("0")}, "montant de la subvention"),
        ({"forme_aide": "les_deux"}, "Décrivez le matériel"),
    ],
)
def test_un_dossier_incomplet_ne_se_depose_pas(champs, message):
    dossier = DossierFactory(**champs)

    with pytest.raises(ValidationError, match=message):
        dossier.deposer(par=candidat(dossier.structure))

    assert Dossier.objects.get(pk=dossier.pk).statut == Statut.BROUILLON
    assert not Notification.objects.exists()


def test_l_aide_demandee_respecte_le_plafond_et_la_part_du_budget():
    # 4 000 € de dépenses et 70 % au plus : 2 800 € ; le plafond de 3 000 € ne joue pas.
    dossier = DossierFactory(montant_demande=Decimal("2900"))
    LigneBudget.objects.filter(dossier=dossier, nature="recette").update(montant=1100)

    with pytest.raises(ValidationError) as erreur:
        dossier.deposer(par=candidat(dossier.structure))
    assert "2800.00\u00a0€ au plus" in erreur.value.messages[0]


def test_instruction_complements_puis_pret_pour_le_jury(instructeur_de):
    dossier = dossier_depose()
    instructeur = instructeur_de(dossier)
    membre = dossier.structure.membres.get().user

    dossier.ouvrir_instruction(par=instructeur)
    assert dossier.instructeur == instructeur
    echeance = timezone.now() + timedelta(days=15)
    demande = dossier.demander_complements(
        par=instructeur, texte="Le devis du matériel.", echeance=echeance
    )
    assert dossier.statut == Statut.A_COMPLETER and dossier.modifiable()
    dossier.completer(par=membre)
    demande.refresh_from_db()
    assert demande.completee_le is not None
    dossier.declarer_pret(par=instructeur)

    dossier.refresh_from_db()
    assert dossier.statut == Statut.PRET_POUR_JURY
    assert not dossier.modifiable()
    assert list(dossier.historique.order_by("pk").values_list("vers", flat=True)) == [
        Statut.DEPOSE,
        Statut.EN_INSTRUCTION,
        Statut.A_COMPLETER,
        Statut.EN_INSTRUCTION,
        Statut.PRET_POUR_JURY,
    ]
    sortes = list(Notification.objects.order_by("pk").values_list("sorte", flat=True))
    assert sortes == [
        "dossier_depose",
        "dossier_recu",
        "dossier_etat",
        "dossier_complements",
        "dossier_complete",
        "dossier_etat",
    ]


def test_completer_apres_l_echeance_est_refuse(instructeur_de):
    dossier = dossier_depose()
    instructeur = instructeur_de(dossier)
    dossier.ouvrir_instruction(par=instructeur)
    echeance = timezone.now().replace(microsecond=0) + timedelta(days=2)
    dossier.demander_complements(par=instructeur, texte="Le budget détaillé.", echeance=echeance)

    with time_machine.travel(echeance + timedelta(seconds=1), tick=False):
        assert not dossier.modifiable()
        with pytest.raises(ValidationError, match="échéance des compléments est passée"):
            dossier.completer(par=dossier.structure.membres.get().user)


@pytest.mark.parametrize("depuis", ["deposer", "ouvrir_instruction"])
def test_l_irrecevabilite_exige_un_motif_et_le_transmet(instructeur_de, depuis):
    dossier = dossier_depose()
    instructeur = instructeur_de(dossier)
    if depuis == "ouvrir_instruction":
        dossier.ouvrir_instruction(par=instructeur)

    with pytest.raises(ValidationError, match="Motivez"):
        dossier.declarer_irrecevable(par=instructeur, motif="  ")
    dossier.declarer_irrecevable(par=instructeur, motif="La structure n'est pas dans la métropole.")

    assert Dossier.objects.get(pk=dossier.pk).statut == Statut.IRRECEVABLE
    courriel = Notification.objects.filter(sorte="dossier_etat").latest("pk")
    assert "pas dans la métropole" in courriel.corps_texte


def test_les_transitions_hors_de_leur_etat_sont_refusees(instructeur_de):
    brouillon = DossierFactory()
    with pytest.raises(TransitionInterdite):
        brouillon.ouvrir_instruction(par=UserFactory())
    with pytest.raises(TransitionInterdite):
        brouillon.retirer(par=UserFactory())

    depose = dossier_depose()
    with pytest.raises(TransitionInterdite):
        depose.deposer(par=depose.structure.membres.get().user)
    with pytest.raises(TransitionInterdite):
        depose.declarer_pret(par=instructeur_de(depose))
    assert not depose.modifiable()


def test_la_structure_retire_son_dossier_avant_la_decision():
    dossier = dossier_depose()

    dossier.retirer(par=dossier.structure.membres.get().user, motif="Projet reporté.")

    assert Dossier.objects.get(pk=dossier.pk).statut == Statut.SANS_SUITE


def test_cloner_une_edition_decale_les_dates_et_copie_themes_et_criteres():
    edition = EditionFactory(annee=2030)

    copie = edition.cloner(2031)

    assert copie.titre == "Appel à projets multimédias 2031"
    assert copie.cloture.year == edition.cloture.year + 1
    assert timezone.localtime(copie.cloture).strftime("%H:%M:%S") == "23:59:59"
    assert list(copie.themes.all()) == list(edition.themes.all())
    assert [(c.libelle, c.poids) for c in copie.criteres.all()] == [
        (c.libelle, c.poids) for c in edition.criteres.all()
    ]
