import { describe, expect, it } from 'vitest';
import { guessPlace } from './place-guess';

const place = (file: string | undefined, host?: string) => {
  const g = guessPlace(file, host);
  return [g.country, g.city?.en ?? null];
};

describe('guessPlace: providers name files and hosts their own way', () => {
  it.each([
    // Mullvad: country-city-protocol-number, files and relay hosts alike.
    ['se-got-wg-001.conf', undefined, 'SE', 'Gothenburg'],
    ['ca-tor-wg-101.conf', undefined, 'CA', 'Toronto'],
    ['gb-mnc-wg-001.conf', undefined, 'GB', 'Manchester'],
    [undefined, 'de-fra-wg-002.relays.mullvad.net', 'DE', 'Frankfurt'],
    // Proton: free and plus servers; Secure Core is named entry-exit and the exit is where traffic leaves.
    ['jp-free-01.protonvpn.udp.ovpn', undefined, 'JP', null],
    ['ch-jp-01.protonvpn.tcp.ovpn', undefined, 'JP', null],
    ['is-de-01.protonvpn.udp.ovpn', undefined, 'DE', null],
    ['us-ny-599.protonvpn.udp.ovpn', undefined, 'US', 'New York'],
    ['us-tx-12.protonvpn.udp.ovpn', undefined, 'US', null],
    // IVPN hosts and Surfshark files: country-city code.
    [undefined, 'jp-tok1.wg.ivpn.net', 'JP', 'Tokyo'],
    [undefined, 'us-ny4.wg.ivpn.net', 'US', 'New York'],
    ['jp-tok.prod.surfshark.com_udp.ovpn', undefined, 'JP', 'Tokyo'],
    ['uy-mvd.prod.surfshark.com_tcp.ovpn', undefined, 'UY', 'Montevideo'],
    ['im-iom.prod.surfshark.com_tcp.ovpn', undefined, 'IM', 'Douglas'],
    // NordVPN: country and a number.
    ['jp123.nordvpn.com.udp.ovpn', undefined, 'JP', null],
    ['uk1784.nordvpn.com.tcp.ovpn', undefined, 'GB', null],
    // PIA and ExpressVPN: words.
    ['japan.ovpn', undefined, 'JP', null],
    ['uk_london.ovpn', undefined, 'GB', 'London'],
    ['us_california.ovpn', undefined, 'US', null],
    ['my_expressvpn_japan_-_tokyo_udp.ovpn', undefined, 'JP', 'Tokyo'],
    ['my_expressvpn_usa_-_new_york_udp.ovpn', undefined, 'US', 'New York'],
    // AirVPN and Windscribe: names, sometimes with a code in front.
    ['AirVPN_JP-Tokyo_Alphard_UDP-443.ovpn', undefined, 'JP', 'Tokyo'],
    ['AirVPN_Taiwan_UDP-443-Entry3.ovpn', undefined, 'TW', null],
    ['AirVPN_AT_Vienna.ovpn', undefined, 'AT', 'Vienna'],
    ['Windscribe-Tokyo-Sushi.ovpn', undefined, 'JP', 'Tokyo'],
    ['Sao Paulo 2.conf', undefined, 'BR', 'Sao Paulo'],
    ['São-Paulo.conf', undefined, 'BR', 'Sao Paulo'],
  ])('%s %s -> %s %s', (file, host, country, city) => {
    expect(place(file, host)).toEqual([country, city]);
  });

  it('says nothing it cannot know: generic names, IP addresses', () => {
    expect(place('wg0.conf', '203.0.113.9')).toEqual([null, null]);
    expect(place('client.ovpn', '2001:db8::1')).toEqual([null, null]);
    expect(place('home-router.conf', 'vpn.example.net')).toEqual([null, null]);
  });

  it('lets the host fill in a city the file name lacks, only within the same country', () => {
    expect(place('jp-12.conf', 'jp-tok-12.example.net')).toEqual(['JP', 'Tokyo']);
    expect(place('jp-12.conf', 'se-got-12.example.net')).toEqual(['JP', null]);
    expect(place('server.conf', 'se-got-12.example.net')).toEqual(['SE', 'Gothenburg']);
  });

  it('reads a city name alone as its country too, and never reads "my" of ExpressVPN as Malaysia', () => {
    expect(place('Tokyo 1.conf')).toEqual(['JP', 'Tokyo']);
    expect(place('my_expressvpn_germany_-_frankfurt_-_1_udp.ovpn')).toEqual(['DE', 'Frankfurt']);
  });
});
