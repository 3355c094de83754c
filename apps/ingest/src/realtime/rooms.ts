export const wardRoom = (wardId: string) => `ward:${wardId}`;
export const patientRoom = (patientId: string) => `patient:${patientId}`;
