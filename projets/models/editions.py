"""Une édition annuelle de l'appel à projets : ses dates (heure de Paris), son
enveloppe et ses plafonds, ses thèmes et les critères pondérés du jury. Sa phase
se déduit des dates, on ne la saisit pas."""

from datetime import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brest_numerique.fichiers import TypesAutorises

REGLEMENT_TAILLE_MAX = 10 * 1024 * 1024


class Theme(models.Model):
    libelle = models.CharField(_("libellé"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["libelle"]

    def __str__(self) -> str:
        return self.libelle


class Phase(models.TextChoices):
    A_VENIR = "a_venir", _("À venir")
    OUVERT = "ouvert", _("Dépôt ouvert")
    CLOS = "clos", _("Dépôt clos, instruction en cours")
    EN_DELIBERATION = "en_deliberation", _("En délibération")
    RESULTATS_PUBLIES = "resultats_publies", _("Résultats publiés")


class FormesProposees(models.TextChoices):
    SUBVENTION = "subvention", _("Subvention")
    MATERIEL = "materiel", _("Prêt de matériel")
    LES_DEUX = "les_deux", _("Subvention ou prêt de matériel")


class AppelAProjets(models.Model):
    annee = models.PositiveSmallIntegerField(
        _("année"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    titre = models.CharField(_("titre"), max_length=200)
    presentation = models.TextField(_("ce qui est financé"), blank=True)
    eligibilite = models.TextField(_("qui peut candidater"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("thèmes"), related_name="editions")
    ouverture = models.DateTimeField(_("ouverture du dépôt"))
    # La dernière seconde acceptée, heure de Paris : 23:59:59 le jour de clôture.
    cloture = models.DateTimeField(_("clôture du dépôt"))
    deliberation_le = models.DateField(_("début de la délibération du jury"))
    resultats_le = models.DateField(_("publication des résultats"))
    enveloppe = models.DecimalField(_("enveloppe globale (€)"), max_digits=10, decimal_places=2)
    montant_max = models.DecimalField(
        _("montant maximal par projet (€)"), max_digits=9, decimal_places=2
    )
    part_max = models.DecimalField(
        _("part maximale du budget du projet (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    formes_aide = models.CharField(
        _("formes d'aide proposées"),
        max_length=12,
        choices=FormesProposees.choices,
        default=FormesProposees.LES_DEUX,
    )
    reglement = models.TextField(_("règlement"), blank=True)
    reglement_pdf = models.FileField(
        _("règlement (PDF)"),
        upload_to="appels-a-projets/",
        blank=True,
        # Vérifié par son contenu : un vrai PDF, rien d'autre sous ce nom.
        validators=[TypesAutorises({"pdf"}, taille_max=REGLEMENT_TAILLE_MAX)],
    )
    instructeurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructeurs"),
        related_name="editions_instruites",
        blank=True,
        help_text=_("Comptes du groupe Instructeurs qui instruisent cette édition."),
    )
    # Posé par projets/deliberation quand les décisions sont notifiées : les lauréats
    # deviennent publics à cet instant, pas avant.
    resultats_publies_le = models.DateTimeField(
        _("résultats publiés le"), null=True, blank=True, editable=False
    )
    # Compteur des numéros de dossier, incrémenté sous verrou au dépôt.
    dernier_rang = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("édition de l'appel à projets")
        verbose_name_plural = _("éditions de l'appel à projets")
        ordering = ["-annee"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ouverture__lt=models.F("cloture")),
                name="aap_ouverture_avant_cloture",
            ),
        ]

    def __str__(self) -> str:
        return self.titre

    def get_absolute_url(self) -> str:
        return reverse("projets:edition", args=[self.annee])

    def clean(self) -> None:
        if self.ouverture and self.cloture and self.ouverture >= self.cloture:
            raise ValidationError({"cloture": _("La clôture doit suivre l'ouverture.")})
        if (
            self.cloture
            and self.deliberation_le
            and self.deliberation_le < timezone.localdate(self.cloture)
        ):
            raise ValidationError(
                {"deliberation_le": _("Le jury délibère après la clôture du dépôt.")}
            )
        if self.deliberation_le and self.resultats_le and self.resultats_le < self.deliberation_le:
            raise ValidationError(
                {"resultats_le": _("Les résultats suivent la délibération du jury.")}
            )

    def phase(self, maintenant: datetime | None = None) -> Phase:
        maintenant = maintenant or timezone.now()
        jour = timezone.localdate(maintenant)
        if maintenant < self.ouverture:
            return Phase.A_VENIR
        if self.depot_ouvert(maintenant):
            return Phase.OUVERT
        if jour >= self.resultats_le:
            return Phase.RESULTATS_PUBLIES
        if jour >= self.deliberation_le:
            return Phase.EN_DELIBERATION
        return Phase.CLOS

    def depot_ouvert(self, maintenant: datetime | None = None) -> bool:
        """Le serveur juge à la seconde : 23:59:59 passe, 00:00:00 est refusé."""
        maintenant = (maintenant or timezone.now()).replace(microsecond=0)
        return self.ouverture <= maintenant <= self.cloture

    def plafond_pour(self, total_depenses: Decimal) -> Decimal:
        """Le montant le plus haut qu'un projet de ce budget peut demander."""
        part = (total_depenses * self.part_max / 100).quantize(Decimal("0.01"))
        return min(self.montant_max, part)

    @transaction.atomic
    def cloner(self, annee: int) -> "AppelAProjets":
        """L'édition de `annee`, copiée de celle-ci : mêmes montants, thèmes et critères,
        dates décalées d'autant d'années ; ni dossiers, ni instructeurs, ni règlement PDF."""
        decalage = relativedelta(years=annee - self.annee)
        copie = AppelAProjets.objects.create(
            annee=annee,
            titre=self.titre.replace(str(self.annee), str(annee)),
            presentation=self.presentation,
            eligibilite=self.eligibilite,
            ouverture=self.ouverture + decalage,
            cloture=self.cloture + decalage,
            deliberation_le=self.deliberation_le + decalage,
            resultats_le=self.resultats_le + decalage,
            enveloppe=self.enveloppe,
            montant_max=self.montant_max,
            part_max=self.part_max,
            formes_aide=self.formes_aide,
            reglement=self.reglement,
        )
        copie.themes.set(self.themes.all())
        CritereNotation.objects.bulk_create(
            CritereNotation(
                edition=copie,
                libelle=critere.libelle,
                description=critere.description,
                poids=critere.poids,
                ordre=critere.ordre,
            )
            for critere in self.criteres.all()
        )
        return copie


class CritereNotation(models.Model):
    """Un critère pondéré de la grille du jury (noté de 0 à NOTE_MAX)."""

    NOTE_MAX = 5

    edition = models.ForeignKey(AppelAProjets, on_delete=models.CASCADE, related_name="criteres")
    libelle = models.CharField(_("libellé"), max_length=200)
    description = models.TextField(_("ce que le jury regarde"), blank=True)
    poids = models.PositiveSmallIntegerField(
        _("poids"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère de notation")
        verbose_name_plural = _("critères de notation")
        ordering = ["edition", "ordre", "pk"]

    def __str__(self) -> str:
        return f"{self.libelle} (× {self.poids})"
