"""« Être accompagné » : les demandes d'accompagnement déposées depuis les pages
de la cantine numérique, des pépinières et du label French Tech, puis suivies
par l'équipe (nouveau → en cours → répondu → clos) selon le patron commun des
machines à états (brest_numerique/etats.py)."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from brest_numerique import etats
from brest_numerique.etats import Journal, MachineAEtats

BESOIN_LONGUEUR_MAX = 2000


class Dispositif(models.TextChoices):
    CANTINE = "cantine", _("Cantine numérique")
    PEPINIERES = "pepinieres", _("Pépinières d'entreprises")
    FRENCH_TECH = "french_tech", _("Label French Tech")


class TypeDeStructure(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    ENTREPRISE = "entreprise", _("Entreprise")
    PORTEUR = "porteur", _("Porteur ou porteuse de projet individuel")
    COLLECTIVITE = "collectivite", _("Collectivité")


class Stade(models.TextChoices):
    IDEE = "idee", _("Idée")
    PROTOTYPE = "prototype", _("Prototype")
    LANCEMENT = "lancement", _("Lancement")
    DEVELOPPEMENT = "developpement", _("Développement")


class Statut(models.TextChoices):
    NOUVEAU = "nouveau", _("Nouvelle")
    EN_COURS = "en_cours", _("En cours")
    REPONDU = "repondu", _("Répondue")
    CLOS = "clos", _("Close")


# Celles qui attendent encore quelque chose de l'équipe.
OUVERTES = models.Q(statut__in=[Statut.NOUVEAU, Statut.EN_COURS])


class DemandeAccompagnement(models.Model):
    """Ce qu'a écrit la personne (on le lit, on ne le réécrit pas), puis ce
    qu'en fait l'équipe. Chaque changement d'état passe par une méthode publique
    et laisse une ligne dans l'historique."""

    Dispositif = Dispositif
    TypeDeStructure = TypeDeStructure
    Stade = Stade
    Statut = Statut

    dispositif = models.CharField(_("dispositif"), max_length=20, choices=Dispositif.choices)
    nom = models.CharField(_("nom"), max_length=120)
    # 320 : la longueur que le formulaire accepte (RFC 3696).
    email = models.EmailField(_("adresse électronique"), max_length=320)
    telephone = models.CharField(_("téléphone"), max_length=30, blank=True)
    structure_nom = models.CharField(_("nom de la structure"), max_length=200)
    structure_type = models.CharField(
        _("type de structure"), max_length=20, choices=TypeDeStructure.choices
    )
    stade = models.CharField(_("stade du projet"), max_length=20, choices=Stade.choices)
    besoin = models.TextField(_("besoin"), max_length=BESOIN_LONGUEUR_MAX)
    # La trace du consentement (RGPD) : quand la case a été cochée.
    consenti_le = models.DateTimeField(_("consentement donné le"), editable=False)
    statut = models.CharField(
        _("statut"), max_length=10, choices=Statut.choices, default=Statut.NOUVEAU
    )
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("suivie par"),
    )
    note = models.TextField(
        _("note de l'équipe"), blank=True, help_text=_("Interne\u00a0: la personne ne la voit pas.")
    )
    cree_le = models.DateTimeField(_("reçue le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("demande d'accompagnement")
        verbose_name_plural = _("demandes d'accompagnement")
        ordering = ["-cree_le", "-pk"]
        indexes = [
            models.Index(fields=["statut", "cree_le"]),
            models.Index(fields=["dispositif", "statut", "cree_le"]),
        ]

    def __str__(self) -> str:
        return gettext("Demande n° %(numero)s de %(nom)s (%(structure)s)") % {
            "numero": self.pk,
            "nom": self.nom,
            "structure": self.structure_nom,
        }

    MACHINE = MachineAEtats(
        journal="historique",
        transitions={
            "prendre_en_charge": etats.Transition(
                {Statut.NOUVEAU},
                Statut.EN_COURS,
                pgettext_lazy("transition interdite", "prendre en charge"),
            ),
            "repondre": etats.Transition(
                {Statut.EN_COURS},
                Statut.REPONDU,
                pgettext_lazy("transition interdite", "marquer comme répondue"),
            ),
            "clore": etats.Transition(
                {Statut.NOUVEAU, Statut.EN_COURS, Statut.REPONDU},
                Statut.CLOS,
                pgettext_lazy("transition interdite", "clore"),
            ),
        },
    )

    def transitions_permises(self) -> list[str]:
        """Les actions possibles depuis l'état actuel, pour les boutons de l'équipe."""
        return [
            action
            for action in self.MACHINE.transitions
            if self.MACHINE.permise(action, self.statut)
        ]

    @transaction.atomic
    def prendre_en_charge(self, *, par) -> None:
        """Un membre de l'équipe s'en occupe : il devient la personne de contact."""
        self.MACHINE.passer(
            self, "prendre_en_charge", par=par, en_plus=lambda actuel, vers: {"traitee_par": par}
        )

    @transaction.atomic
    def repondre(self, *, par, note: str = "") -> None:
        """L'équipe a répondu à la personne (courriel, téléphone, rendez-vous)."""
        self._passer("repondre", par=par, note=note)

    @transaction.atomic
    def clore(self, *, par, note: str = "") -> None:
        """Plus rien à faire : accompagnement engagé, sans suite ou doublon."""
        self._passer("clore", par=par, note=note)

    def _passer(self, action: str, *, par, note: str) -> None:
        def note_et_suivi(actuel, vers) -> dict:
            # Une note laissée vide garde celle que l'équipe a pu écrire avant ;
            # une demande close sans avoir été prise en charge garde qui l'a close.
            # (Par les identifiants : lire actuel.traitee_par coûterait une requête.)
            suivie_par = actuel.traitee_par_id or (par.pk if par else None)
            return {"note": note or actuel.note, "traitee_par_id": suivie_par}

        self.MACHINE.passer(self, action, par=par, motif=note, en_plus=note_et_suivi)


class HistoriqueDemande(Journal):
    demande = models.ForeignKey(
        DemandeAccompagnement, on_delete=models.CASCADE, related_name="historique"
    )

    class Meta(Journal.Meta):
        verbose_name = _("suite donnée à une demande d'accompagnement")
        verbose_name_plural = _("suites données aux demandes d'accompagnement")

    @property
    def de_libelle(self) -> str:
        return Statut(self.de).label

    @property
    def vers_libelle(self) -> str:
        return Statut(self.vers).label
