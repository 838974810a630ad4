"""La page publique d'un projet lauréat : ce que l'instruction écrit pour le public
(un résumé, une image et son texte alternatif) à côté des données du dossier voté.

Un lauréat n'est public que si son dossier est voté par le conseil et que les
résultats de son édition sont publiés (`publies()`) : ni avant, ni autrement."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brest_numerique.cache_anonyme import Version
from brest_numerique.fichiers import TypesAutorises
from brest_numerique.publication import Publiable
from commentaires.commentable import Commentable
from projets.models import Dossier

IMAGE_TAILLE_MAX = 5 * 1024 * 1024


class LaureatQuerySet(models.QuerySet):
    def publies(self, maintenant=None):
        return self.filter(
            dossier__statut=Dossier.Statut.VOTE,
            dossier__edition__resultats_publies_le__lte=maintenant or timezone.now(),
        )


class Laureat(Publiable, Commentable, models.Model):
    dossier = models.OneToOneField(
        Dossier, on_delete=models.CASCADE, related_name="laureat", verbose_name=_("dossier")
    )
    # Unique dans son édition : /appels-a-projets/<année>/laureats/<slug>/.
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=120)
    annee = models.PositiveSmallIntegerField(_("année"), editable=False)
    resume_public = models.TextField(_("résumé pour le public"), max_length=2000)
    image = models.ImageField(
        _("image"),
        upload_to="laureats/",
        blank=True,
        # Vérifiée par son contenu : un vrai JPEG ou PNG, rien d'autre sous ce nom.
        validators=[TypesAutorises({"jpeg", "png"}, taille_max=IMAGE_TAILLE_MAX)],
        help_text=_("JPEG ou PNG, 5 Mo au plus."),
    )
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=300,
        blank=True,
        help_text=_("Ce que montre l'image, pour qui ne la voit pas."),
    )
    modifie_le = models.DateTimeField(default=timezone.now, editable=False)

    objects = LaureatQuerySet.as_manager()
    version_publique = Version("laureats:version")

    class Meta:
        verbose_name = _("lauréat")
        verbose_name_plural = _("lauréats")
        ordering = ["-annee", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["annee", "slug"], name="laureat_slug_par_annee"),
            # Une image se publie avec son texte alternatif, jamais sans.
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""),
                name="laureat_image_avec_alternative",
            ),
        ]

    def __str__(self) -> str:
        return self.dossier.titre

    def get_absolute_url(self) -> str:
        return reverse("projets:laureat", args=[self.annee, self.slug])

    @classmethod
    def pour_les_liens(cls) -> models.QuerySet:
        # Le nom d'un lauréat est le titre de son dossier : lu dans la même requête.
        return cls.objects.select_related("dossier").only(
            "id", "annee", "slug", "dossier__id", "dossier__titre"
        )
