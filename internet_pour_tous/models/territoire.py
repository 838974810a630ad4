"""Le territoire du dispositif : les bailleurs sociaux, leurs secteurs (un quartier
qui adhère après le vote de ses locataires), les consultations, les résidences et
leurs logements.

    Secteur : à l'étude → vote prévu → adopté | refusé ; adopté → déployé
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from brest_numerique.etats import Journal, MachineAEtats, Transition


class Bailleur(models.Model):
    nom = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    email = models.EmailField(_("adresse de contact"), blank=True)
    # Les comptes du groupe Bailleurs qui voient les chiffres de ce bailleur, et eux seuls.
    comptes = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("comptes du bailleur"),
        related_name="bailleurs",
        blank=True,
    )
    donnees_exemple = models.BooleanField(_("donnée d'exemple"), default=False)

    class Meta:
        verbose_name = _("bailleur social")
        verbose_name_plural = _("bailleurs sociaux")
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Secteur(models.Model):
    class Statut(models.TextChoices):
        A_L_ETUDE = "etude", _("À l'étude")
        VOTE_PREVU = "vote_prevu", _("Vote prévu")
        ADOPTE = "adopte", _("Adopté par les locataires")
        REFUSE = "refuse", _("Refusé par les locataires")
        DEPLOYE = "deploye", _("Déployé")

    bailleur = models.ForeignKey(
        Bailleur, on_delete=models.PROTECT, related_name="secteurs", verbose_name=_("bailleur")
    )
    nom = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    commune = models.ForeignKey(
        "papi.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    statut = models.CharField(
        _("état"), max_length=12, choices=Statut.choices, default=Statut.A_L_ETUDE
    )
    deploye_le = models.DateField(_("déployé le"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    donnees_exemple = models.BooleanField(_("donnée d'exemple"), default=False)

    MACHINE = MachineAEtats(
        journal="historique",
        transitions={
            "prevoir_vote": Transition({Statut.A_L_ETUDE}, Statut.VOTE_PREVU, _("prévoir le vote")),
            "adopter": Transition({Statut.VOTE_PREVU}, Statut.ADOPTE, _("adopter")),
            "refuser": Transition({Statut.VOTE_PREVU}, Statut.REFUSE, _("refuser")),
            "deployer": Transition({Statut.ADOPTE}, Statut.DEPLOYE, _("déployer")),
        },
    )

    class Meta:
        verbose_name = _("secteur")
        verbose_name_plural = _("secteurs")
        ordering = ["nom"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(statut="deploye") | Q(deploye_le__isnull=False),
                name="secteur_deploye_date",
            ),
        ]

    def __str__(self) -> str:
        return self.nom


class HistoriqueSecteur(Journal):
    secteur = models.ForeignKey(Secteur, on_delete=models.CASCADE, related_name="historique")

    class Meta(Journal.Meta):
        verbose_name = _("étape d'un secteur")
        verbose_name_plural = _("historique des secteurs")


class Consultation(models.Model):
    """Le vote des locataires d'un secteur : il décide de l'adhésion."""

    class Resultat(models.TextChoices):
        A_VENIR = "a_venir", _("À venir")
        ADOPTE = "adopte", _("Adopté")
        REFUSE = "refuse", _("Refusé")

    secteur = models.ForeignKey(
        Secteur, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("secteur")
    )
    ouverture = models.DateField(_("ouverture du vote"))
    cloture = models.DateField(_("clôture du vote"))
    inscrits = models.PositiveIntegerField(_("locataires inscrits"), default=0)
    pour = models.PositiveIntegerField(_("votes pour"), default=0)
    contre = models.PositiveIntegerField(_("votes contre"), default=0)
    resultat = models.CharField(
        _("résultat"), max_length=8, choices=Resultat.choices, default=Resultat.A_VENIR
    )

    class Meta:
        verbose_name = _("consultation des locataires")
        verbose_name_plural = _("consultations des locataires")
        ordering = ["secteur", "-ouverture"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ouverture__lte=models.F("cloture")), name="consultation_dates"
            ),
            models.CheckConstraint(
                condition=Q(pour__lte=models.F("inscrits") - models.F("contre")),
                name="consultation_votes_inscrits",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.secteur} ({self.ouverture:%d/%m/%Y})"


class Residence(models.Model):
    secteur = models.ForeignKey(
        Secteur, on_delete=models.PROTECT, related_name="residences", verbose_name=_("secteur")
    )
    nom = models.CharField(_("nom"), max_length=200)
    adresse = models.CharField(_("adresse"), max_length=250)
    code_postal = models.CharField(_("code postal"), max_length=5)
    commune = models.ForeignKey(
        "papi.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    nb_logements = models.PositiveIntegerField(_("nombre de logements"), default=0)
    # L'adresse sans accents ni majuscules, pour les suggestions (écrite par save()).
    adresse_recherche = models.CharField(max_length=500, editable=False, db_index=True)
    donnees_exemple = models.BooleanField(_("donnée d'exemple"), default=False)

    class Meta:
        verbose_name = _("résidence")
        verbose_name_plural = _("résidences")
        ordering = ["commune", "adresse"]

    def __str__(self) -> str:
        return f"{self.nom}, {self.adresse}"


class Logement(models.Model):
    residence = models.ForeignKey(
        Residence, on_delete=models.PROTECT, related_name="logements", verbose_name=_("résidence")
    )
    # La référence du logement chez son bailleur : celle de ses relevés de charges.
    reference = models.CharField(_("référence du bailleur"), max_length=40)
    bailleur = models.ForeignKey(Bailleur, on_delete=models.PROTECT, related_name="+")
    escalier = models.CharField(_("escalier"), max_length=10, blank=True)
    etage = models.CharField(_("étage"), max_length=10, blank=True)
    porte = models.CharField(_("porte"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("logement")
        verbose_name_plural = _("logements")
        ordering = ["residence", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["bailleur", "reference"], name="logement_reference_par_bailleur"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.residence}"
