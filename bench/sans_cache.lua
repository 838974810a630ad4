-- Une adresse neuve à chaque requête, lancé par bench/charge.py --sans-cache :
--   wrk --script bench/sans_cache.lua http://127.0.0.1:PORT/papi/
-- Le paramètre « _ » est inconnu des filtres, donc sans effet sur la page ; mais le
-- cache des pages anonymes (brest_numerique/cache_anonyme.py) range chaque adresse
-- complète à part : aucune requête ne le trouve, chacune paie le rendu.

local lancement = os.time()
local fils = 0

function setup(thread)
  fils = fils + 1
  thread:set("fil", fils)
end

compteur = 0

function request()
  compteur = compteur + 1
  local separateur = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, string.format("%s%s_=%d-%d-%d", wrk.path, separateur, lancement, fil, compteur))
end
