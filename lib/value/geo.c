/* geo.c - distances on the Earth's surface */
#include "value/geo.h"

#include <math.h>

#define RAD(d) ((d) * (M_PI / 180.0))

double
geo_km(double lat1, double lon1, double lat2, double lon2)
{
	double dlat = sin(RAD(lat2 - lat1) / 2);
	double dlon = sin(RAD(lon2 - lon1) / 2);
	double h = dlat * dlat + cos(RAD(lat1)) * cos(RAD(lat2)) * dlon * dlon;

	/* rounding may take h a hair past 1 for antipodes */
	if (h > 1)
		h = 1;
	return 2 * GEO_EARTH_KM * asin(sqrt(h));
}
