-- W3 near-exact check (not a timed peer): as pg_w3.sql but with 256 segments per quarter
-- circle, so a buffer lies within 5e-6 m of the 25 m circle and the answer is the exact one
-- to the printed digits.
SELECT round(lit::numeric, 1) AS lit_m, round(tot::numeric, 1) AS total_m, round((lit / tot)::numeric, 6) AS share
FROM (SELECT sum(ST_Length(ST_Intersection(r.geom, u.g))) AS lit
      FROM roads r
      CROSS JOIN LATERAL (SELECT ST_Union(ST_Buffer(l.geom, 25, 'quad_segs=256')) AS g
                          FROM lights l WHERE ST_DWithin(r.geom, l.geom, 25)) u
      WHERE u.g IS NOT NULL) a,
     (SELECT sum(ST_Length(geom)) AS tot FROM roads) b;
