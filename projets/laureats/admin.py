"""La fiche publique d'un lauréat, tenue par les instructeurs de son édition dans
l'administration : résumé pour le public, image (JPEG ou PNG vérifié par son
contenu) et son texte alternatif, identifiant dans l'adresse. Le reste vient du
dossier voté et ne se modifie pas ici ; les fiches naissent au vote du conseil
(laureats_preparer), jamais à la main."""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brest_numerique.comptes.roles import peut
from brest_numerique.fichiers import nom_de_stockage
from projets.laureats.models import Laureat


class LaureatForm(forms.ModelForm):
    class Meta:
        model = Laureat
        fields = ["slug", "resume_public", "image", "image_alt", "commentaires_ouverts"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            # Le validateur du modèle a reconnu le contenu : on le range sous un nom
            # aléatoire, rien du nom déposé.
            validateur = Laureat._meta.get_field("image").validators[-1]
            image.name = nom_de_stockage(validateur.examiner(image))
        return image

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        doublon = Laureat.objects.filter(annee=self.instance.annee, slug=slug).exclude(
            pk=self.instance.pk
        )
        if doublon.exists():
            raise forms.ValidationError(
                _("Un autre lauréat de cette année a déjà cet identifiant.")
            )
        return slug

    def clean(self):
        donnees = super().clean()
        if donnees.get("image") and not (donnees.get("image_alt") or "").strip():
            self.add_error(
                "image_alt",
                _(
                    "Décrivez l'image pour qui ne la voit pas\u00a0: le texte alternatif est obligatoire."
                ),
            )
        if donnees.get("image") is False:  # case « effacer » : plus d'image, plus d'alternative
            donnees["image_alt"] = ""
        return donnees


@admin.register(Laureat)
class LaureatAdmin(admin.ModelAdmin):
    form = LaureatForm
    list_display = ["__str__", "annee", "slug", "structure"]
    list_filter = ["annee"]
    search_fields = ["dossier__titre", "dossier__numero", "slug"]
    readonly_fields = ["dossier", "annee", "structure", "modifie_le"]
    list_select_related = ["dossier__structure"]

    @admin.display(description=_("structure"))
    def structure(self, laureat: Laureat) -> str:
        return laureat.dossier.structure.nom

    def get_queryset(self, request):
        lus = super().get_queryset(request).select_related("dossier__edition", "dossier__structure")
        if request.user.is_superuser:
            return lus
        # Les seules éditions que l'utilisateur instruit : rien d'autre, même deviné par l'adresse.
        return lus.filter(dossier__edition__instructeurs=request.user)

    def _instruit(self, request, laureat: Laureat | None) -> bool:
        return laureat is None or peut(request.user, "instruire_dossiers", laureat.dossier.edition)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._instruit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._instruit(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.modifie_le = timezone.now()
        super().save_model(request, obj, form, change)
        Laureat.version_publique.changer()
