import { describe, expect, it } from 'vitest';
import { allCities, citiesNamed, countryNames, countryNamed, normalizeCountryCode, resolvePlace } from './places';

describe('places', () => {
  it('knows every country by code and by name in English and Chinese', () => {
    expect(countryNames('JP')).toEqual({ en: 'Japan', zh: '日本' });
    expect(countryNamed('japan')).toBe('JP');
    expect(countryNamed('日本')).toBe('JP');
    expect(countryNamed('United Kingdom')).toBe('GB');
    expect(countryNamed('uk')).toBe('GB');
    expect(countryNamed('美国')).toBe('US');
    expect(normalizeCountryCode('uk')).toBe('GB');
    expect(normalizeCountryCode('zz')).toBeNull();
  });

  it('has a few hundred cities, each with a country code, English and Chinese names, and unique codes per country', () => {
    const cities = allCities();
    expect(cities.length).toBeGreaterThanOrEqual(300);
    const seen = new Set<string>();
    for (const city of cities) {
      expect(normalizeCountryCode(city.country), city.code).toBe(city.country);
      expect(city.code).toMatch(/^[A-Z]{3}$/);
      expect(city.zh).toMatch(/\p{Script=Han}/u);
      expect(seen.has(`${city.country}:${city.code}`), city.code).toBe(false);
      seen.add(`${city.country}:${city.code}`);
    }
  });

  it('finds cities by name without accents, and a shared name in every country that has it', () => {
    expect(citiesNamed('Zürich')[0]?.code).toBe('ZRH');
    expect(citiesNamed('zurich')[0]?.code).toBe('ZRH');
    expect(citiesNamed('东京')[0]?.en).toBe('Tokyo');
    expect(citiesNamed('San Jose').map((c) => c.country)).toEqual(['US', 'CR']);
  });

  it('resolves what a person types to a place: country codes first, then names, then city codes', () => {
    expect(resolvePlace('se')).toEqual({ country: 'SE', city: null });
    expect(resolvePlace('Japan')).toEqual({ country: 'JP', city: null });
    expect(resolvePlace('东京')?.city?.code).toBe('TYO');
    expect(resolvePlace('tokyo')?.country).toBe('JP');
    expect(resolvePlace('new york')?.city?.code).toBe('NYC');
    expect(resolvePlace('got')?.city?.en).toBe('Gothenburg');
    expect(resolvePlace('nowhere-at-all')).toBeNull();
    expect(resolvePlace('  ')).toBeNull();
  });
});
