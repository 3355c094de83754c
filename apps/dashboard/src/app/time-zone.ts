import { createContext, useContext } from 'react';

/** The ward's IANA time zone (from GET /api/wards); undefined: this screen's own zone. */
export const TimeZoneContext = createContext<string | undefined>(undefined);

export const useTimeZone = () => useContext(TimeZoneContext);
