"""La composition du jury, les dossiers confiés et le suivi de la notation, côté
instruction (incluses dans le namespace "instruction")."""

urlpatterns = []
