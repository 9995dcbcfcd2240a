import { createHash } from 'node:crypto';

import type { DirectoryServiceEntity } from './directory-service.entity';
import type { LocationEntity, ServiceAtLocationEntity } from './location.entity';
import type { OrganizationEntity } from './organization.entity';

/**
 * HSDS 3.0 objects, with HSDS field names (snake_case), as far as the directory holds them. An
 * optional field the directory does not know is left out: HSDS types it as a string or a number,
 * and its schema refuses null.
 */
export interface HsdsLanguage {
  id: string;
  code: string;
}

export interface HsdsAddress {
  id: string;
  location_id: string;
  address_1: string;
  city: string;
  state_province: string;
  postal_code: string;
  country: string;
  address_type: 'physical' | 'postal';
}

export interface HsdsLocation {
  id: string;
  location_type: string;
  organization_id: string;
  name?: string;
  latitude?: number;
  longitude?: number;
  addresses: HsdsAddress[];
}

export interface HsdsServiceAtLocation {
  id: string;
  service_id: string;
  location_id: string;
  location: HsdsLocation;
}

export interface HsdsAttribute {
  id: string;
  link_id: string;
  link_entity: 'service';
  link_type: string;
  taxonomy_term_id: string;
  value: string;
}

export interface HsdsService {
  id: string;
  organization_id: string;
  name: string;
  description?: string;
  status: string;
  eligibility_description?: string;
  languages: HsdsLanguage[];
  attributes: HsdsAttribute[];
  service_at_locations: HsdsServiceAtLocation[];
}

export interface HsdsOrganization {
  id: string;
  name: string;
  description: string;
  email?: string;
  website?: string;
  services: HsdsService[];
  locations: HsdsLocation[];
}

export interface HsdsDirectory {
  organizations: HsdsOrganization[];
}

/** The fields whose value is known: HSDS has no null. */
function known<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], null | undefined>;
  };
}

/** A stable UUID for an object HSDS wants an id on but the directory keeps no row for (a language, an address). */
function derivedId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function toHsdsLocation(location: LocationEntity): HsdsLocation {
  const { address1, city, stateProvince, postalCode, country } = location;
  const addressable = location.locationType !== 'virtual' && address1 && city && stateProvince && postalCode && country;
  return {
    id: location.id,
    location_type: location.locationType,
    organization_id: location.organizationId,
    ...known({ name: location.name, latitude: location.latitude, longitude: location.longitude }),
    addresses: addressable
      ? [
          {
            id: derivedId('address', location.id),
            location_id: location.id,
            address_1: address1,
            city,
            state_province: stateProvince,
            postal_code: postalCode,
            country,
            address_type: location.locationType === 'postal' ? 'postal' : 'physical',
          },
        ]
      : [],
  };
}

export function toHsdsDirectory(
  organizations: OrganizationEntity[],
  services: DirectoryServiceEntity[],
  locations: LocationEntity[],
  links: ServiceAtLocationEntity[],
): HsdsDirectory {
  const hsdsLocations = new Map(locations.map((location) => [location.id, toHsdsLocation(location)]));
  return {
    organizations: organizations.map((organization) => ({
      id: organization.id,
      name: organization.name,
      description: organization.description,
      ...known({ email: organization.email, website: organization.website }),
      services: services
        .filter((service) => service.organizationId === organization.id)
        .map((service) => ({
          id: service.id,
          organization_id: service.organizationId,
          name: service.name,
          status: service.status,
          ...known({ description: service.description, eligibility_description: service.eligibilityDescription }),
          languages: service.languages.map((code) => ({ id: derivedId('language', service.id, code), code })),
          // Our category as an HSDS attribute of the `albergue-category` taxonomy.
          attributes: [
            {
              id: derivedId('category', service.id),
              link_id: service.id,
              link_entity: 'service',
              link_type: 'category',
              taxonomy_term_id: derivedId('albergue-category', service.category),
              value: service.category,
            },
          ],
          service_at_locations: links
            .filter((link) => link.serviceId === service.id && hsdsLocations.has(link.locationId))
            .map((link) => ({
              id: link.id,
              service_id: link.serviceId,
              location_id: link.locationId,
              location: hsdsLocations.get(link.locationId)!,
            })),
        })),
      locations: locations
        .filter((location) => location.organizationId === organization.id)
        .map((location) => hsdsLocations.get(location.id)!),
    })),
  };
}
