/* geo.h - distances on the Earth's surface */
#ifndef LK_GEO_H
#define LK_GEO_H

/* The mean radius of the Earth (IUGG), in km. */
#define GEO_EARTH_KM 6371.0088

/*
 * geo_km: the great-circle distance in km between two points given in
 * decimal degrees (haversine on a sphere of GEO_EARTH_KM: within about
 * 0.5% of the ellipsoid).  Berlin (52.52, 13.405) to Munich (48.137,
 * 11.575) is about 504 km; antipodes are pi * GEO_EARTH_KM, ~20015 km.
 * Cannot fail; the points are not range-checked.
 */
double geo_km(double lat1, double lon1, double lat2, double lon2);

#endif
